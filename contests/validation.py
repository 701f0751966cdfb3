"""Rules a contest's set-up must satisfy, as pure functions over plain values.

Each single-object check returns a list of ``(field, message)`` pairs, so that the models'
``clean()`` (and with it the admin) and the whole-body validation of the API share them.
``validate_contest_body`` checks a whole nested body (the shape of API.md) and answers
``{path: [messages]}`` where *path* names the field inside the request body, e.g.
``stages[0].criteria[1].max_score`` or ``eligibility.max_age``; empty when all is well.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from accounts.models import Industry

Problems = list[tuple[str, str]]

MAX_SCORE_LIMIT = Decimal("99999.99")
WEIGHT_LIMIT = Decimal("999.9999")
CENT = Decimal("0.01")
WEIGHT_STEP = Decimal("0.0001")
MAX_YEARS = Decimal("80")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _has_more_places(value, step: Decimal) -> bool:
    value = Decimal(str(value))
    return value != value.quantize(step)


def industry_problems(industries) -> Problems:
    if not industries:
        return [("industries", _("Choose at least one industry."))]
    valid = set(Industry.values)
    problems = []
    for index, code in enumerate(industries):
        if code not in valid:
            problems.append((f"industries[{index}]", _("Unknown industry “%(code)s”.") % {
                "code": code}))
    if len(set(industries)) != len(industries):
        problems.append(("industries", _("An industry is listed twice.")))
    return problems


def deadline_problems(opens, closes, judging_closes) -> Problems:
    """registration_opens < registration_closes ≤ judging_closes, each in the years
    2000–2100 (as a contest's year is). A date centuries away is a typo, and one before
    1901 cannot even be written with a whole-minute UTC offset in China's time zone."""
    problems = [
        (name, _("Give a date between the years 2000 and 2100."))
        for name, value in (("registration_opens", opens), ("registration_closes", closes),
                            ("judging_closes", judging_closes))
        if value and not FIRST_YEAR <= value.year <= LAST_YEAR
    ]
    if opens and closes and not opens < closes:
        problems.append(
            ("registration_closes", _("Registration must close after it opens."))
        )
    if closes and judging_closes and not closes <= judging_closes:
        problems.append(
            ("judging_closes", _("Judging cannot close before registration closes."))
        )
    return problems


def eligibility_problems(*, min_years=None, min_age=None, max_age=None,
                         max_nominees_per_enterprise=None) -> Problems:
    problems = []
    if min_years is not None:
        if min_years < 0 or min_years > MAX_YEARS:
            problems.append(("min_years", _("Give a number of years between 0 and 80.")))
        elif _has_more_places(min_years, Decimal("0.1")):
            problems.append(("min_years", _("At most one decimal place.")))
    for name, value in (("min_age", min_age), ("max_age", max_age)):
        if value is not None and not 0 <= value <= 120:
            problems.append((name, _("Give an age between 0 and 120.")))
    if min_age is not None and max_age is not None and min_age > max_age:
        problems.append(("max_age", _("The maximum age is below the minimum age.")))
    if max_nominees_per_enterprise is not None and max_nominees_per_enterprise < 1:
        problems.append(
            ("max_nominees_per_enterprise", _("The cap per enterprise must be at least 1."))
        )
    return problems


def criterion_problems(*, max_score, weight) -> Problems:
    problems = []
    if max_score is not None:
        if max_score <= 0 or max_score > MAX_SCORE_LIMIT:
            problems.append(("max_score", _("The maximum score must be above 0 and at most "
                                            "99999.99.")))
        elif _has_more_places(max_score, CENT):
            problems.append(("max_score", _("At most two decimal places.")))
    if weight is not None:
        if weight < 0 or weight > WEIGHT_LIMIT:
            problems.append(("weight", _("The weight must be between 0 and 999.9999.")))
        elif _has_more_places(weight, WEIGHT_STEP):
            problems.append(("weight", _("At most four decimal places.")))
    return problems


def panel_problems(*, aggregation, trim, panel_size) -> Problems:
    """A trimmed mean needs panel_size ≥ 2·trim + 1 judges per entry."""
    problems = []
    if panel_size is not None and panel_size < 1:
        problems.append(("panel_size", _("At least one judge per entry.")))
    if aggregation == "trimmed_mean" and trim is not None:
        if trim < 1:
            problems.append(("trim", _("A trimmed mean drops at least one score each side.")))
        elif panel_size is not None and panel_size < 2 * trim + 1:
            problems.append(("panel_size", _(
                "A trimmed mean dropping %(trim)s score(s) each side needs at least "
                "%(needed)s judges per entry.") % {"trim": trim, "needed": 2 * trim + 1}))
    return problems


def advancement_problems(*, advance_top, advance_percent, is_final: bool) -> Problems:
    """Only a stage before the last advances entries, by top N or top P% (one of them)."""
    if is_final:
        return [
            (name, _("Only a stage before the last one advances entries."))
            for name, value in (("advance_top", advance_top), ("advance_percent", advance_percent))
            if value is not None
        ]
    if advance_top is None and advance_percent is None:
        return [("advance_top", _("A stage before the last one needs advance_top or "
                                  "advance_percent."))]
    if advance_top is not None and advance_percent is not None:
        return [("advance_percent", _("Give advance_top or advance_percent, not both."))]
    if advance_top is not None and advance_top < 1:
        return [("advance_top", _("Advance at least one entry."))]
    if advance_percent is not None and not 1 <= advance_percent <= 100:
        return [("advance_percent", _("Give a percentage between 1 and 100."))]
    return []


def tier_problems(*, quota, quota_percent) -> Problems:
    """Exactly one of quota (a count per track) and quota_percent (a share), positive."""
    if quota is None and quota_percent is None:
        return [("quota", _("Give quota or quota_percent."))]
    if quota is not None and quota_percent is not None:
        return [("quota_percent", _("Give quota or quota_percent, not both."))]
    if quota is not None and quota < 1:
        return [("quota", _("The quota must be at least 1."))]
    if quota_percent is not None and not 1 <= quota_percent <= 100:
        return [("quota_percent", _("Give a percentage between 1 and 100."))]
    return []


# --- The whole body ----------------------------------------------------------------------


class ErrorMap:
    """Collects messages by body path."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, path: str, message) -> None:
        self.errors.setdefault(path, []).append(message)

    def extend(self, prefix: str, problems: Problems) -> None:
        for field, message in problems:
            self.add(f"{prefix}.{field}" if prefix else field, message)


def _duplicate_names(items: Iterable[dict]) -> list[int]:
    seen, duplicates = set(), []
    for index, item in enumerate(items):
        name = (item.get("name") or "").strip()
        if name in seen:
            duplicates.append(index)
        seen.add(name)
    return duplicates


def _check_names(items: list[dict], path: str, errors: ErrorMap) -> None:
    for index in _duplicate_names(items):
        errors.add(f"{path}[{index}].name", _("This name is used twice."))


def _check_stage(stage: dict, path: str, *, is_final: bool, errors: ErrorMap) -> None:
    errors.extend(path, panel_problems(
        aggregation=stage.get("aggregation"), trim=stage.get("trim"),
        panel_size=stage.get("panel_size"),
    ))
    errors.extend(path, advancement_problems(
        advance_top=stage.get("advance_top"), advance_percent=stage.get("advance_percent"),
        is_final=is_final,
    ))
    criteria = stage.get("criteria") or []
    if not any(c.get("kind", "judged") == "judged" for c in criteria):
        errors.add(f"{path}.criteria", _("A stage needs at least one criterion scored by the "
                                         "judges."))
    _check_names(criteria, f"{path}.criteria", errors)
    for index, criterion in enumerate(criteria):
        errors.extend(f"{path}.criteria[{index}]", criterion_problems(
            max_score=criterion.get("max_score"), weight=criterion.get("weight"),
        ))
    _check_tie_breaks(stage.get("tie_breaks") or [], criteria, path, errors)


def _check_tie_breaks(tie_breaks: list[dict], criteria: list[dict], path: str,
                      errors: ErrorMap) -> None:
    names = {c.get("name") for c in criteria}
    used = set()
    for index, tie_break in enumerate(tie_breaks):
        name = tie_break.get("criterion")
        where = f"{path}.tie_breaks[{index}].criterion"
        if name not in names:
            errors.add(where, _("No criterion “%(name)s” in this stage.") % {"name": name})
        elif name in used:
            errors.add(where, _("This criterion already breaks ties in this stage."))
        used.add(name)


def validate_contest_body(body: dict) -> dict[str, list[str]]:
    """Every rule over a whole contest body; `{}` when it is valid."""
    errors = ErrorMap()
    errors.extend("", industry_problems(body.get("industries")))
    errors.extend("", deadline_problems(
        body.get("registration_opens"), body.get("registration_closes"),
        body.get("judging_closes"),
    ))
    year = body.get("year")
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        errors.add("year", _("Give a year between 2000 and 2100."))
    notice_days = body.get("notice_days")
    if notice_days is not None and not 1 <= notice_days <= 60:
        errors.add("notice_days", _("A notice lasts between 1 and 60 working days."))
    eligibility = body.get("eligibility") or {}
    errors.extend("eligibility", eligibility_problems(
        min_years=eligibility.get("min_years"), min_age=eligibility.get("min_age"),
        max_age=eligibility.get("max_age"),
        max_nominees_per_enterprise=eligibility.get("max_nominees_per_enterprise"),
    ))

    tracks = body.get("tracks") or []
    if not tracks:
        errors.add("tracks", _("A contest needs at least one track."))
    _check_names(tracks, "tracks", errors)

    stages = body.get("stages") or []
    if not stages:
        errors.add("stages", _("A contest needs at least one stage."))
    _check_names(stages, "stages", errors)
    for index, stage in enumerate(stages):
        _check_stage(stage, f"stages[{index}]", is_final=index == len(stages) - 1,
                     errors=errors)

    tiers = body.get("tiers") or []
    if not tiers:
        errors.add("tiers", _("A contest needs at least one award tier."))
    _check_names(tiers, "tiers", errors)
    for index, tier in enumerate(tiers):
        errors.extend(f"tiers[{index}]", tier_problems(
            quota=tier.get("quota"), quota_percent=tier.get("quota_percent"),
        ))
    return {path: [str(m) for m in messages] for path, messages in errors.errors.items()}
