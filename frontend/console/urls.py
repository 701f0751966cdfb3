from django.urls import path

from . import (
    audit,
    contests,
    dashboard,
    entries,
    judging,
    nominations,
    people,
    plots,
    publication,
    results,
    setup,
)

app_name = "console"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    # Contests, their set-up and their moves
    path("contests/", contests.contest_list, name="contests"),
    path("contests/new/", setup.contest_new, name="contest-new"),
    path("contests/<int:pk>/", contests.contest_detail, name="contest"),
    path("contests/<int:pk>/edit/", setup.contest_edit, name="contest-edit"),
    path("contests/<int:pk>/move/<slug:action>/", contests.contest_move, name="move"),
    # Eligibility review
    path("contests/<int:pk>/entries/", entries.entry_queue, name="entries"),
    path("contests/<int:pk>/entries/export.xlsx", entries.entry_export, name="entries-export"),
    path("contests/<int:pk>/entries/qualify/", entries.entry_bulk_qualify,
         name="entries-qualify"),
    path("contests/<int:pk>/entries/<int:entry_id>/review/", entries.entry_review,
         name="entry-review"),
    # Judging
    path("contests/<int:pk>/judging/", judging.judging, name="judging"),
    path("contests/<int:pk>/judging/panel/", judging.set_panel, name="panel"),
    path("contests/<int:pk>/judging/assign/", judging.auto_assign, name="assign"),
    path("contests/<int:pk>/judging/assignments/<int:assignment_id>/move/",
         judging.move_assignment, name="move-assignment"),
    path("contests/<int:pk>/judging/scorecards/<int:scorecard_id>/reopen/", judging.reopen,
         name="reopen"),
    path("contests/<int:pk>/judging/objective/<int:entry_id>/", judging.objective_scores,
         name="objective"),
    path("contests/<int:pk>/judging/objective/import/", judging.objective_import,
         name="objective-import"),
    path("contests/<int:pk>/plots/", plots.plots, name="plots"),
    # Results
    path("contests/<int:pk>/results/", results.results, name="results"),
    path("contests/<int:pk>/results/recompute/", results.recompute, name="recompute"),
    path("contests/<int:pk>/results/decide/", results.decide, name="decide"),
    # Notice, objections, certificates
    path("contests/<int:pk>/publication/", publication.publication, name="publication"),
    path("contests/<int:pk>/publication/objections/<int:objection_id>/resolve/",
         publication.resolve, name="resolve"),
    path("contests/<int:pk>/publication/restart/", publication.restart, name="restart"),
    path("notices/", publication.notice_list, name="notices"),
    path("certificates/", publication.certificate_list, name="certificates"),
    path("certificates/<str:number>/revoke/", publication.revoke, name="revoke"),
    # People
    path("people/", people.people, name="people"),
    path("people/<int:user_id>/reveal-id/", people.reveal_id, name="reveal-id"),
    path("people/roster/", people.roster, name="roster"),
    path("people/imports/<int:job_id>/", people.import_job, name="import-job"),
    path("people/enterprises/", people.enterprises, name="enterprises"),
    # Nominations
    path("nominations/", nominations.round_list, name="nominations"),
    path("nominations/new/", nominations.round_new, name="nomination-round-new"),
    path("nominations/<int:pk>/", nominations.round_board, name="nomination-round"),
    path("nominations/<int:pk>/edit/", nominations.round_edit, name="nomination-round-edit"),
    path("nominations/<int:pk>/notice/restart/", nominations.round_restart,
         name="nomination-round-restart"),
    path("nominations/<int:pk>/<int:nomination_id>/promote/",
         nominations.nomination_promote, name="nomination-promote"),
    path("nominations/<int:pk>/decide/", nominations.round_decide,
         name="nomination-round-decide"),
    path("nominations/<int:pk>/move/<slug:action>/", nominations.round_move,
         name="nomination-round-move"),
    path("nominations/<int:pk>/objections/<int:objection_id>/resolve/",
         nominations.round_resolve, name="nomination-round-resolve"),
    path("nominations/<int:pk>/<int:nomination_id>/review/", nominations.nomination_review,
         name="nomination-review"),
    path("nominations/<int:pk>/<int:nomination_id>/withdraw/",
         nominations.nomination_withdraw, name="nomination-withdraw"),
    # Audit
    path("audit/", audit.audit, name="audit"),
    path("contests/<int:pk>/audit/", audit.contest_audit, name="contest-audit"),
]
