from django.urls import path

from .api import nominations, rounds

urlpatterns = [
    path("nomination-rounds/", rounds.RoundListView.as_view(), name="nomination-rounds"),
    path("nomination-rounds/<int:pk>/", rounds.RoundDetailView.as_view(),
         name="nomination-round"),
    path("nomination-rounds/<int:pk>/transition/", rounds.RoundTransitionView.as_view(),
         name="nomination-round-transition"),
    path("nomination-rounds/<int:pk>/decide/", rounds.RoundDecideView.as_view(),
         name="nomination-round-decide"),
    path("nomination-rounds/<int:pk>/notice/restart/", rounds.RoundNoticeRestartView.as_view(),
         name="nomination-round-notice-restart"),
    path("nomination-rounds/<int:pk>/export.xlsx", rounds.RoundExportView.as_view(),
         name="nomination-round-export"),
    path("nomination-rounds/<int:pk>/nominations/", nominations.RoundNominationsView.as_view(),
         name="nomination-round-nominations"),
    path("nominations/<int:pk>/", nominations.NominationDetailView.as_view(),
         name="nomination"),
    path("nominations/<int:pk>/review/", nominations.NominationReviewView.as_view(),
         name="nomination-review"),
    path("nominations/<int:pk>/withdraw/", nominations.NominationWithdrawView.as_view(),
         name="nomination-withdraw"),
    path("nominations/<int:pk>/promote/", nominations.NominationPromoteView.as_view(),
         name="nomination-promote"),
    path("nominations/<int:pk>/recheck/", nominations.NominationRecheckView.as_view(),
         name="nomination-recheck"),
    path("nominations/<int:pk>/respond/", nominations.NominationRespondView.as_view(),
         name="nomination-respond"),
    path("me/nominations/", nominations.MyNominationsView.as_view(), name="my-nominations"),
]
