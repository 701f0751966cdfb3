from django.urls import path

from core.public_cache import cached_public_read

from .api import results, scoring

urlpatterns = [
    path("contests/<int:pk>/panel/", scoring.PanelView.as_view(), name="judging-panel"),
    path("contests/<int:pk>/assign/", scoring.AssignView.as_view(), name="judging-assign"),
    path("judges/conflicts/", scoring.ConflictView.as_view(), name="judging-conflicts"),
    path("assignments/", scoring.AssignmentListView.as_view(), name="judging-assignments"),
    path("assignments/<int:pk>/", scoring.AssignmentDetailView.as_view(),
         name="judging-assignment"),
    path("assignments/<int:pk>/scorecard/", scoring.AssignmentScorecardView.as_view(),
         name="judging-assignment-scorecard"),
    path("scorecards/", scoring.ScorecardListView.as_view(), name="judging-scorecards"),
    path("scorecards/<int:pk>/", scoring.ScorecardDetailView.as_view(), name="judging-scorecard"),
    path("scorecards/<int:pk>/reopen/", scoring.ReopenView.as_view(),
         name="judging-scorecard-reopen"),
    path("entries/<int:pk>/objective-scores/", scoring.ObjectiveScoresView.as_view(),
         name="judging-objective-scores"),
    path("contests/<int:pk>/objective-scores/import/", scoring.ObjectiveImportView.as_view(),
         name="judging-objective-import"),
    path("contests/<int:pk>/progress/", results.ProgressView.as_view(), name="judging-progress"),
    path("contests/<int:pk>/consistency/", results.ConsistencyView.as_view(),
         name="judging-consistency"),
    path("contests/<int:pk>/results/", cached_public_read(results.ResultsView.as_view()),
         name="judging-results"),
    path("contests/<int:pk>/results/decide/", results.DecideView.as_view(),
         name="judging-results-decide"),
    path("contests/<int:pk>/results/compute/", results.ComputeView.as_view(),
         name="judging-results-compute"),
]
