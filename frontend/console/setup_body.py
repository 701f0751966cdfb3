"""The contest set-up form as the nested body of API.md, both ways.

Field names are the body's own paths (`stages[0].criteria[1].max_score`), the very paths
`contests.validation.validate_contest_body` and the API's input serializer name in their
errors, so every error lands next to its field with no translation table. Rows of a list
are renumbered in order on every round trip, so removing a row leaves no gap."""

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

LISTS = {  # list path pattern -> the keys of one new row
    "tracks": {"name": ""},
    "stages": {"name": "", "aggregation": "trimmed_mean", "trim": "1", "normalize": "none",
               "panel_size": "5", "criteria": [{"name": "", "max_score": "", "weight": "1",
                                                 "kind": "judged"}], "tie_breaks": []},
    "criteria": {"name": "", "max_score": "", "weight": "1", "kind": "judged"},
    "tie_breaks": {"criterion": "", "order": "desc"},
    "tiers": {"name": "", "quota": "", "quota_percent": ""},
}
TOKEN = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")
DATETIME_FIELDS = ("registration_opens", "registration_closes", "judging_closes")
CHECKBOXES = ("blind", "eligibility.union_member")


def _tokens(path: str):
    return [(m.group(1), int(m.group(2)) if m.group(2) is not None else None)
            for m in TOKEN.finditer(path)]


def _put(tree: dict, path: str, value) -> None:
    node = tree
    tokens = _tokens(path)
    for position, (key, index) in enumerate(tokens):
        last = position == len(tokens) - 1
        if index is None:
            if last:
                node[key] = value
            else:
                node = node.setdefault(key, {})
        else:
            rows = node.setdefault(key, {})  # index -> row, renumbered afterwards
            row = rows.setdefault(index, {})
            if last:
                rows[index] = value
            else:
                node = row


def _renumber(node):
    if isinstance(node, dict):
        if node and all(isinstance(k, int) for k in node):
            return [_renumber(node[k]) for k in sorted(node)]
        return {k: _renumber(v) for k, v in node.items()}
    return node


def raw_from_post(post) -> dict:
    """The POSTed form as a nested body of strings (lists in order, renumbered)."""
    tree: dict = {}
    for name in post:
        if name in ("csrfmiddlewaretoken", "op", "copy"):
            continue
        if name == "industries":
            tree["industries"] = post.getlist(name)
            continue
        _put(tree, name, post.get(name, "").strip())
    for name in CHECKBOXES:
        _put(tree, name, name in post)
    tree.setdefault("industries", [])
    for key in ("tracks", "stages", "tiers"):
        tree.setdefault(key, {})
    body = _renumber(tree)
    for stage in body["stages"]:
        stage.setdefault("criteria", [])
        stage.setdefault("tie_breaks", [])
    return body


def _blank_to_missing(node):
    """Empty text means "not given": the serializer then applies its default (or says the
    field is required), exactly as for an API client that leaves a key out."""
    if isinstance(node, dict):
        return {k: _blank_to_missing(v) for k, v in node.items() if v != ""}
    if isinstance(node, list):
        return [_blank_to_missing(v) for v in node]
    return node


def to_api_body(raw: dict) -> dict:
    body = _blank_to_missing(raw)
    for row in body.get("tracks", []) + body.get("stages", []) + body.get("tiers", []):
        if "id" in row and not str(row["id"]).isdigit():
            row.pop("id")
    for stage in body.get("stages", []):
        for criterion in stage.get("criteria", []):
            if "id" in criterion and not str(criterion["id"]).isdigit():
                criterion.pop("id")
    return body


# --- Operations on rows (add, remove), without saving -----------------------------------


def apply_op(raw: dict, op: str) -> dict:
    """`add:<list path>` appends a blank row; `remove:<row path>` drops one."""
    verb, _sep, path = op.partition(":")
    tokens = _tokens(path)
    if not tokens:
        return raw
    node = raw
    for key, index in tokens[:-1]:
        node = node.get(key) if index is None else node.get(key, [])[index]
        if node is None:
            return raw
    key, index = tokens[-1]
    rows = node.setdefault(key, [])
    if verb == "add" and index is None and key in LISTS:
        import copy
        rows.append(copy.deepcopy(LISTS[key]))
    elif verb == "remove" and index is not None and index < len(rows):
        rows.pop(index)
    return raw


# --- From a contest (edit, copy) to the form ---------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def raw_from_body(body: dict, *, keep_ids: bool) -> dict:
    def convert(node, key=""):
        if isinstance(node, dict):
            return {k: convert(v, k) for k, v in node.items() if keep_ids or k != "id"}
        if isinstance(node, list):
            return [convert(v, key) for v in node] if key != "industries" else list(node)
        return _text(node)
    return convert(body)


# --- The form as fields with their errors --------------------------------------------------


@dataclass
class Field:
    name: str
    value: object
    errors: list = field(default_factory=list)

    @property
    def dom_id(self) -> str:
        return "f-" + re.sub(r"[^a-z0-9]+", "-", self.name).strip("-")


def fields_of(raw: dict, errors: dict[str, list[str]]) -> dict:
    """The same nested shape, each leaf a Field with its value and errors; lists carry
    their own errors and each row its path (`row_path`)."""
    def build(node, path):
        if isinstance(node, dict):
            built = {k: build(v, f"{path}.{k}" if path else k) for k, v in node.items()
                     if k != "industries"}
            built["row_path"] = path
            return built
        if isinstance(node, list):
            return Rows([build(row, f"{path}[{i}]") for i, row in enumerate(node)],
                        path=path, errors=errors.get(path, []))
        return Field(path, node, errors.get(path, []))
    tree = build(raw, "")
    tree["industries"] = Field("industries", raw.get("industries", []),
                               errors.get("industries", []) + [
                                   m for p, ms in errors.items()
                                   if p.startswith("industries[") for m in ms])
    return tree


class Rows(list):
    def __init__(self, items, *, path, errors):
        super().__init__(items)
        self.path = path
        self.errors = errors

    @property
    def dom_id(self) -> str:
        return Field(self.path, None).dom_id


SHAPE = {
    "title": "", "kind": "skills", "year": "", "description": "", "blind": False,
    "registration_opens": "", "registration_closes": "", "judging_closes": "",
    "notice_days": "5",
    "eligibility": {"min_years": "", "union_member": False, "min_age": "", "max_age": "",
                    "max_nominees_per_enterprise": ""},
}
ROW_SHAPES = {
    "tracks": {"id": "", "name": ""},
    "stages": {"id": "", "name": "", "aggregation": "mean", "trim": "1", "normalize": "none",
               "panel_size": "5", "advance_top": "", "advance_percent": ""},
    "criteria": {"id": "", "name": "", "max_score": "", "weight": "1", "kind": "judged"},
    "tie_breaks": {"criterion": "", "order": "desc"},
    "tiers": {"id": "", "name": "", "quota": "", "quota_percent": ""},
}


def complete(raw: dict) -> dict:
    """Every field present (blank when not given), so each is drawn with its label."""
    for key, default in SHAPE.items():
        if isinstance(default, dict):
            raw[key] = {**default, **(raw.get(key) or {})}
        else:
            raw.setdefault(key, default)
    raw.setdefault("industries", [])
    for key in ("tracks", "stages", "tiers"):
        raw[key] = [{**ROW_SHAPES[key], **row} for row in raw.get(key) or []]
    for stage in raw["stages"]:
        stage["criteria"] = [{**ROW_SHAPES["criteria"], **c} for c in stage.get("criteria") or []]
        stage["tie_breaks"] = [{**ROW_SHAPES["tie_breaks"], **t}
                               for t in stage.get("tie_breaks") or []]
    return raw


def blank_contest(year: int) -> dict:
    raw = complete({"year": str(year)})
    for key in ("tracks", "stages", "tiers"):
        apply_op(raw, f"add:{key}")
    return complete(raw)
