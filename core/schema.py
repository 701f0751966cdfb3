"""The OpenAPI schema's defaults for every app (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"])."""

from django.utils import translation
from drf_spectacular.generators import SchemaGenerator as BaseSchemaGenerator
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from .renderers import FileRenderer


class DetailErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class StateErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    state = serializers.CharField(required=False, help_text="The state that forbids it.")


# The error answers every app documents, one set (README, "API conventions").
BAD_INPUT = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Bad input: {"<field or path in the body>": ["message", ...]}, every wrong '
                'field named (nested paths such as "stages[0].criteria[1].max_score"; a '
                'score error is keyed "scores.<criterion id>" and names the criterion).',
)
NOT_LOGGED_IN = OpenApiResponse(DetailErrorSerializer, description="Not logged in.")
FORBIDDEN = OpenApiResponse(DetailErrorSerializer, description="Not allowed for your role.")
NOT_FOUND = OpenApiResponse(DetailErrorSerializer,
                            description="Missing, or not visible to you.")
CONFLICT = OpenApiResponse(
    StateErrorSerializer,
    description='Not possible in the current state: {"detail", "state"}; also an '
                'Idempotency-Key reused with a different body (state '
                '"idempotency_conflict").',
)
THROTTLED = OpenApiResponse(DetailErrorSerializer,
                            description="Too many requests from this client; retry later.")
ORGANIZER_ERRORS = {401: NOT_LOGGED_IN, 403: FORBIDDEN, 404: NOT_FOUND}
INVALID_PAGE = OpenApiResponse(OpenApiTypes.OBJECT,
                               description='No such page: {"detail": "Invalid page."}.')
BAD_QUERY = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Bad query: {"<query parameter>": ["message", ...]}, e.g. a filter value '
                'that is not one of its choices, a number or true/false, or a page_size '
                'that is not a whole number from 1 up.',
)
UNSUPPORTED_MEDIA_TYPE = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="The body is in a media type the operation does not take (JSON; multipart "
                "for file uploads), or has none: {\"detail\"}.",
)
PAYLOAD_TOO_LARGE = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="The body is larger than its limit (JSON: 1 MiB; a file: 10 MB; an .xlsx "
                "that unpacks to more than 50 MB): {\"detail\"} or {\"file\": [message]}.",
)
WRITES = ("POST", "PUT", "PATCH")


class AutoSchema(BaseAutoSchema):
    """Answers that DRF itself gives, documented on every operation that can get them:
    - a paginated list: the 404 its paginator answers for a page past the end (`?page=0`,
      `?page=99`), unless the view documents a 404 of its own, and the 400 for a bad
      `?page_size=` or filter value (`core.pagination`, `core.filters`);
    - a write: the 415 for a body in a media type its parsers do not take, and the 413 for
      a body over its size limit (`core.parsers`, `core.uploads`);
    - an error of an endpoint that answers a file: in JSON only, never the file's type.
    (Views that `extend_schema(responses=...)` replace `get_response_serializers`, hence
    this hook.)"""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if (
            self.method == "GET"
            and self._get_paginator() is not None and self._is_list_view()
        ):
            if "404" not in responses:
                responses["404"] = self._get_response_for_code(INVALID_PAGE, "404",
                                                               direction=direction)
            if "400" not in responses:
                responses["400"] = self._get_response_for_code(BAD_QUERY, "400",
                                                               direction=direction)
        if self.method in WRITES and "415" not in responses:
            responses["415"] = self._get_response_for_code(UNSUPPORTED_MEDIA_TYPE, "415",
                                                           direction=direction)
        if self.method in WRITES and "413" not in responses:
            responses["413"] = self._get_response_for_code(PAYLOAD_TOO_LARGE, "413",
                                                           direction=direction)
        # An error from an endpoint that answers a file is JSON only (core.api).
        file_types = {renderer.media_type for renderer in self.view.get_renderers()
                      if isinstance(renderer, FileRenderer)}
        for code, body in responses.items():
            if str(code)[0] in "45":
                for media_type in file_types:
                    body.get("content", {}).pop(media_type, None)
        return responses



class SchemaGenerator(BaseSchemaGenerator):
    """The schema in English, whoever asks and in whatever language (SPECTACULAR_SETTINGS
    "DEFAULT_GENERATOR_CLASS"): the served `/api/schema/` and `manage.py spectacular` both
    generate through it, so a generated client's names never change with the language.
    The result holds plain strings (drf-spectacular resolves lazy translations inside)."""

    def get_schema(self, request=None, public=False):
        with translation.override("en"):
            return super().get_schema(request=request, public=public)


# --- OpenAPI links: how a client goes from one answer to its next request ---------------
# (source operationId, status, target operationId, parameters, requestBody). Along the main
# path (create a contest → open registration → a worker enters → review → panel and
# assignment → a judge scores → close judging → results → notice → objection → finalize →
# certificate), and from each created or listed resource to reading, changing and acting
# on it. schemathesis' stateful run follows them (tests/test_schema_stateful.py).
ID = "$response.body#/id"
FIRST_LISTED = "$response.body#/results/0/id"  # the first row of a paginated list
CONTEST_ACTIONS = (
    "contests_retrieve", "contests_partial_update", "contests_transition_create",
    "contests_entries_list", "contests_progress_retrieve", "contests_consistency_retrieve",
    "contests_results_retrieve", "contests_results_compute_create",
    "contests_results_decide_create", "contests_notice_restart_create",
    "contests_results.xlsx_retrieve",
)
FIRST_TRACK = {"track": "$response.body#/tracks/0/id"}
FIRST_STAGE = {"stage": "$response.body#/stages/0/id"}
ENTRY_ACTIONS = (
    "entries_retrieve", "entries_partial_update", "entries_submit_create",
    "entries_withdraw_create", "entries_review_create", "entries_objective_scores_update",
)
ROUND_ACTIONS = (
    "nomination_rounds_retrieve", "nomination_rounds_partial_update",
    "nomination_rounds_transition_create", "nomination_rounds_nominations_list",
    "nomination_rounds_nominations_create", "nomination_rounds_decide_create",
    "nomination_rounds_notice_restart_create", "nomination_rounds_export.xlsx_retrieve",
)
NOMINATION_ACTIONS = (
    "nominations_retrieve", "nominations_promote_create", "nominations_recheck_create",
    "nominations_respond_create", "nominations_review_create", "nominations_withdraw_create",
)


def _to(source, status, targets, parameters=None, body=None):
    return [(source, status, target, parameters if parameters is not None else {"id": ID}, body)
            for target in targets]


LINKS = [
    # Contests: created, read, changed, moved through their states.
    *_to("contests_create", "201", CONTEST_ACTIONS),
    *_to("contests_create", "201", ["contests_entries_create"], body=FIRST_TRACK),
    *_to("contests_create", "201", ["contests_panel_create", "contests_assign_create"],
         body=FIRST_STAGE),
    *_to("contests_list", "200", ["contests_retrieve"], {"id": FIRST_LISTED}),
    *_to("contests_retrieve", "200", ["contests_transition_create", "contests_partial_update",
                                      "contests_entries_list", "contests_results_retrieve"]),
    *_to("contests_retrieve", "200", ["contests_entries_create"], body=FIRST_TRACK),
    *_to("contests_retrieve", "200", ["contests_panel_create", "contests_assign_create"],
         body=FIRST_STAGE),
    *_to("contests_partial_update", "200", ["contests_retrieve", "contests_transition_create"]),
    # After a move: the next move, and what the new state offers.
    *_to("contests_transition_create", "200", [
        "contests_transition_create", "contests_retrieve", "contests_entries_list",
        "contests_results_retrieve", "contests_results_decide_create",
        "contests_notice_restart_create", "contests_progress_retrieve"]),
    *_to("contests_transition_create", "200", ["contests_entries_create"], body=FIRST_TRACK),
    *_to("contests_transition_create", "200", ["contests_panel_create",
                                               "contests_assign_create"], body=FIRST_STAGE),
    *_to("contests_transition_create", "200", ["notices_list", "certificates_list"], {}),
    # Entries: a worker enters, submits; an organizer reviews.
    *_to("contests_entries_create", "201", ENTRY_ACTIONS),
    *_to("contests_entries_list", "200", ["entries_retrieve", "entries_review_create"],
         {"id": FIRST_LISTED}),
    *_to("entries_retrieve", "200", ["entries_submit_create", "entries_review_create"]),
    *_to("entries_partial_update", "200", ["entries_submit_create", "entries_retrieve"]),
    *_to("entries_submit_create", "200", ["entries_review_create", "entries_retrieve",
                                          "entries_withdraw_create"]),
    *_to("entries_review_create", "200", ["entries_retrieve"]),
    # Judging: a panel, assignments, a judge's scorecard.
    *_to("contests_panel_create", "200", ["contests_assign_create"],
         {"id": "$request.path.id"}, body={"stage": "$response.body#/stage"}),
    *_to("contests_assign_create", "200", ["assignments_list"], {}),
    *_to("contests_assign_create", "200", ["contests_progress_retrieve"],
         {"id": "$request.path.id"}),
    *_to("assignments_list", "200", ["assignments_retrieve", "assignments_scorecard_retrieve",
                                     "assignments_scorecard_update"], {"id": FIRST_LISTED}),
    *_to("assignments_retrieve", "200", ["assignments_scorecard_retrieve",
                                         "assignments_scorecard_update"]),
    *_to("assignments_scorecard_retrieve", "200", ["assignments_scorecard_update"],
         {"id": "$request.path.id"}),
    *_to("assignments_scorecard_update", "200", ["scorecards_retrieve",
                                                 "scorecards_reopen_create"]),
    *_to("assignments_scorecard_update", "200", ["assignments_scorecard_retrieve"],
         {"id": "$response.body#/assignment"}),
    *_to("scorecards_list", "200", ["scorecards_retrieve", "scorecards_reopen_create"],
         {"id": FIRST_LISTED}),
    # Public notices, objections to them, their resolution.
    *_to("notices_list", "200", ["notices_retrieve", "notices_objections_create"],
         {"id": FIRST_LISTED}),
    *_to("notices_retrieve", "200", ["notices_objections_create"]),
    *_to("contests_notice_restart_create", "201", ["notices_retrieve"]),
    *_to("notices_objections_create", "201", ["objections_retrieve",
                                              "objections_resolve_create"]),
    *_to("objections_list", "200", ["objections_retrieve", "objections_resolve_create"],
         {"id": FIRST_LISTED}),
    # Certificates of a final contest.
    *_to("certificates_list", "200", ["certificates_.pdf_retrieve",
                                      "certificates_verify_retrieve",
                                      "certificates_revoke_create"],
         {"number": "$response.body#/results/0/number"}),
    # Nomination rounds and their nominations.
    *_to("nomination_rounds_create", "201", ROUND_ACTIONS),
    *_to("nomination_rounds_list", "200", ["nomination_rounds_retrieve"], {"id": FIRST_LISTED}),
    *_to("nomination_rounds_transition_create", "200", [
        "nomination_rounds_transition_create", "nomination_rounds_nominations_list"]),
    *_to("nomination_rounds_nominations_create", "201", NOMINATION_ACTIONS),
    *_to("nomination_rounds_nominations_list", "200", ["nominations_retrieve",
                                                       "nominations_review_create"],
         {"id": FIRST_LISTED}),
    *_to("me_nominations_list", "200", ["nominations_respond_create"], {"id": FIRST_LISTED}),
    # Users, imports, notifications.
    *_to("users_create", "201", ["users_retrieve", "users_partial_update",
                                 "users_reveal_id_create"]),
    *_to("users_list", "200", ["users_retrieve", "users_partial_update"], {"id": FIRST_LISTED}),
    *_to("imports_workers_create", "201", ["imports_retrieve"]),
    *_to("imports_workers_create", "202", ["imports_retrieve"]),
    *_to("notifications_list", "200", ["notifications_read_create"], {"id": FIRST_LISTED}),
]


def _link_name(target: str) -> str:
    words = target.replace(".", "_").split("_")
    return "".join(word.capitalize() for word in words if word)


def add_links(result, generator, request, public):
    """Postprocessing hook (SPECTACULAR_SETTINGS "POSTPROCESSING_HOOKS"): the `LINKS`
    above as OpenAPI links on their source operations' responses. A link whose source or
    target is not in this schema (a filtered or versioned one) is left out."""
    operations = {operation["operationId"]: operation
                  for path in result.get("paths", {}).values()
                  for operation in path.values() if isinstance(operation, dict)
                  and "operationId" in operation}
    for source, status, target, parameters, body in LINKS:
        response = operations.get(source, {}).get("responses", {}).get(status)
        if response is None or target not in operations:
            continue
        link = {"operationId": target}
        if parameters:
            link["parameters"] = dict(parameters)
        if body:
            link["requestBody"] = dict(body)
        response.setdefault("links", {})[_link_name(target)] = link
    return result
