"""The autosave endpoint of the scoring page: one POST per draft save, from the page's
session (CSRF checked), through the service the API uses, with `Idempotency-Key` replay so
an edit kept offline and sent again is applied once. A body with `clear` (criterion ids)
removes those saved scores instead (`scorecards.clear_scores`), with the same checks.

A 409 carries the stored card (`stored`) so the page can show it beside the judge's local
edits: a card submitted, reopened or saved elsewhere is never silently overwritten."""

from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import NotAllowed, NotFound
from core.idempotency import idempotent
from core.ids import MAX_ID
from core.permissions import IsJudge
from judging.models import Scorecard
from judging.serializers import ScoresField
from judging.services import scorecards

from . import presenters


class DraftSerializer(serializers.Serializer):
    scores = ScoresField(required=False, default=dict)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    base_version = serializers.IntegerField(min_value=0)
    # Criteria whose saved score the judge removes ("clear this score"): a save of its own.
    clear = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
                                  required=False, min_length=1, max_length=100)

    def validate(self, data):
        if "clear" in data and (data.get("scores") or "comment" in data):
            raise serializers.ValidationError(
                {"clear": _("Clear scores in a request of their own, without scores or a "
                            "comment.")})
        return data


class DraftView(APIView):
    authentication_classes = [SessionAuthentication]
    permission_classes = [IsJudge]
    # JSON only, through the project's default parser (and its size and depth limits).
    schema = None  # a page endpoint, not part of the API contract

    @idempotent
    def post(self, request, pk):
        if pk > MAX_ID:
            raise NotFound()
        body = DraftSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            if "clear" in data:
                card = scorecards.clear_scores(
                    assignment_id=pk, judge=request.user, criterion_ids=data["clear"],
                    expected_version=data["base_version"],
                )
            else:
                card = scorecards.save_scorecard(
                    assignment_id=pk, judge=request.user, scores=data["scores"],
                    comment=data.get("comment"), expected_version=data["base_version"],
                )
        except NotAllowed as error:
            answer = {"detail": str(error.message), "state": str(error.state)}
            if error.state == scorecards.CHANGED_ELSEWHERE or error.state in Scorecard.State:
                # The card moved on: the page shows it beside the judge's edits.
                stored = Scorecard.objects.filter(
                    assignment_id=pk, assignment__judge=request.user
                ).prefetch_related("scores").first()
                answer["stored"] = presenters.stored_version(stored)
            return Response(answer, status=409)
        if card is None:  # nothing was ever saved, so nothing to clear
            stored = presenters.stored_version(None)
            return Response({"version": 0, "state": stored["state"],
                             "state_label": stored["state_label"], "saved_at": "",
                             "message": _("Nothing saved yet")})
        saved_at = time_format(timezone.localtime(card.updated_at), "H:i")
        return Response({
            "version": card.version, "state": card.state,
            "state_label": presenters.status_label(card.state), "saved_at": saved_at,
            "message": _("Saved at %(time)s") % {"time": saved_at},
        })
