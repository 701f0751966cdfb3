"""What can be put on public notice, and how each kind takes part in the shared
mechanism (working days, objections, resolution, restart, the beat job that ends it).

A kind is registered once at start-up (`AppConfig.ready`), identically in every process:

* `subject_type` — the `Notice.Subject` value, and `field` — the notice's foreign key;
* `owner(subject)` — the organizer told about a new objection;
* `on_upheld(objection, actor)` — optional effect of upholding an objection that names a
  line of the notice (inside the resolution's transaction);
* `finalize_due(now)` — the beat job's part for this kind: end what is due, return a dict.

Publicity registers contests itself; the nomination pipeline registers its rounds.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SubjectKind:
    subject_type: str
    field: str
    model_label: str
    owner: Callable
    finalize_due: Callable
    on_upheld: Callable | None = None


_kinds: dict[str, SubjectKind] = {}


def register(kind: SubjectKind) -> None:
    _kinds[kind.subject_type] = kind


def kinds() -> list[SubjectKind]:
    return list(_kinds.values())


def kind_of_type(subject_type: str) -> SubjectKind:
    return _kinds[subject_type]


def kind_of(subject) -> SubjectKind:
    """The kind of a subject instance (a Contest, a NominationRound…)."""
    label = subject._meta.label
    for kind in _kinds.values():
        if kind.model_label == label:
            return kind
    raise LookupError(f"{label} cannot be put on public notice")


def subject_filter(subject) -> dict:
    """Keyword arguments selecting the notices of `subject`."""
    return {kind_of(subject).field: subject}


def subject_of(notice):
    """The subject a notice is about."""
    return getattr(notice, kind_of_type(notice.subject_type).field)
