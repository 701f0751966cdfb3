"""Creating and editing a contest with its whole structure, validated as a whole.

`data` is the nested body of API.md with Python values (what the API's input serializer
produces). Nothing is written unless every rule holds; the errors name body paths."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from audit.services import record
from core.errors import InvalidInput, NotAllowed

from ..models import Contest, Criterion, Stage, TieBreak, Tier, Track
from ..validation import validate_contest_body

CONTEST_FIELDS = ("title", "kind", "year", "description", "industries", "blind",
                  "registration_opens", "registration_closes", "judging_closes", "notice_days")
ELIGIBILITY_FIELDS = {  # body key -> model field
    "min_years": "min_years", "union_member": "union_member_required", "min_age": "min_age",
    "max_age": "max_age", "max_nominees_per_enterprise": "max_nominees_per_enterprise",
}
STAGE_FIELDS = ("name", "aggregation", "trim", "normalize", "panel_size", "advance_top",
                "advance_percent")
CRITERION_FIELDS = ("name", "max_score", "weight", "kind")
TIER_FIELDS = ("name", "quota", "quota_percent")


def ensure_editable(contest: Contest) -> None:
    if not contest.is_editable:
        raise NotAllowed(_("A contest can be edited only while it is a draft."),
                         state=contest.state)


@transaction.atomic
def create_contest(*, actor, data: dict) -> Contest:
    _raise_if_invalid(None, data)
    contest = Contest(created_by=actor)
    _write(contest, data)
    record(actor=actor, action="contest.created", target=contest,
           data={"title": contest.title, "kind": contest.kind})
    return contest


@transaction.atomic
def update_contest(*, contest: Contest, actor, data: dict) -> Contest:
    """`data` is the whole body after the edit; nested lists are kept in sync by id (an
    item without an id is new, an existing one left out is deleted)."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    ensure_editable(contest)
    _raise_if_invalid(contest, data)
    _write(contest, data)
    record(actor=actor, action="contest.updated", target=contest, data={"title": contest.title})
    return contest


def _raise_if_invalid(contest: Contest | None, data: dict) -> None:
    errors = validate_contest_body(data)
    for path, message in _unknown_ids(contest, data):
        errors.setdefault(path, []).append(str(message))
    if errors:
        raise InvalidInput(errors=errors)


def _unknown_ids(contest: Contest | None, data: dict):
    """Nested ids must be this contest's own objects (criteria: of that stage)."""
    def ids_of(queryset):
        return set(queryset.values_list("pk", flat=True)) if contest else set()

    message = _("No such object in this contest.")
    known = {
        "tracks": ids_of(Track.objects.filter(contest=contest)),
        "tiers": ids_of(Tier.objects.filter(contest=contest)),
        "stages": ids_of(Stage.objects.filter(contest=contest)),
    }
    for key, ids in known.items():
        for index, item in enumerate(data.get(key) or []):
            if item.get("id") is not None and item["id"] not in ids:
                yield f"{key}[{index}].id", message
    for s_index, stage in enumerate(data.get("stages") or []):
        stage_id = stage.get("id")
        criterion_ids = ids_of(Criterion.objects.filter(stage_id=stage_id)) if stage_id else set()
        for c_index, criterion in enumerate(stage.get("criteria") or []):
            if criterion.get("id") is not None and criterion["id"] not in criterion_ids:
                yield f"stages[{s_index}].criteria[{c_index}].id", message


def _write(contest: Contest, data: dict) -> None:
    for field in CONTEST_FIELDS:
        if field in data:
            setattr(contest, field, data[field])
    eligibility = data.get("eligibility") or {}
    for key, field in ELIGIBILITY_FIELDS.items():
        if key in eligibility:
            setattr(contest, field, eligibility[key])
    contest.save()
    _sync(Track, {"contest": contest}, data["tracks"], ("name",), unique_name=True)
    stages = _sync(Stage, {"contest": contest}, data["stages"], STAGE_FIELDS)
    for stage, stage_data in zip(stages, data["stages"], strict=True):
        criteria = _sync(Criterion, {"stage": stage}, stage_data["criteria"], CRITERION_FIELDS,
                         unique_name=True)
        _replace_tie_breaks(stage, criteria, stage_data.get("tie_breaks") or [])
    _sync(Tier, {"contest": contest}, data["tiers"], TIER_FIELDS)


def _sync(model, parent: dict, items: list[dict], fields, *, unique_name=False) -> list:
    """Make the parent's children exactly `items`, in order, keeping ids."""
    existing = {obj.pk: obj for obj in model.objects.filter(**parent)}
    keep = [item["id"] for item in items if item.get("id") is not None]
    model.objects.filter(**parent).exclude(pk__in=keep).delete()
    if unique_name and keep:
        # Park kept names first, so that swapping two names never hits the unique constraint.
        parked = [existing[pk] for pk in keep]
        for obj in parked:
            obj.name = f"~{obj.pk}~"
        model.objects.bulk_update(parked, ["name"])
    saved = []
    for position, item in enumerate(items):
        obj = existing.get(item.get("id")) or model(**parent)
        for field in fields:
            default = model._meta.get_field(field).get_default()
            setattr(obj, field, item.get(field, default))
        obj.position = position
        obj.save()
        saved.append(obj)
    return saved


def _replace_tie_breaks(stage: Stage, criteria: list[Criterion], items: list[dict]) -> None:
    by_name = {criterion.name: criterion for criterion in criteria}
    TieBreak.objects.filter(stage=stage).delete()
    TieBreak.objects.bulk_create([
        TieBreak(stage=stage, criterion=by_name[item["criterion"]],
                 order=item.get("order") or TieBreak.Order.DESC, position=position)
        for position, item in enumerate(items)
    ])
