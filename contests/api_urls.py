from django.urls import path

from .api import attachments, contests, entries

urlpatterns = [
    path("contests/", contests.ContestListView.as_view(), name="contest-list"),
    path("contests/<int:pk>/", contests.ContestDetailView.as_view(), name="contest-detail"),
    path("contests/<int:pk>/transition/", contests.ContestTransitionView.as_view(),
         name="contest-transition"),
    path("contests/<int:pk>/entries/", entries.ContestEntriesView.as_view(),
         name="contest-entries"),
    path("entries/<int:pk>/", entries.EntryDetailView.as_view(), name="entry-detail"),
    path("entries/<int:pk>/submit/", entries.EntrySubmitView.as_view(), name="entry-submit"),
    path("entries/<int:pk>/review/", entries.EntryReviewView.as_view(), name="entry-review"),
    path("entries/<int:pk>/withdraw/", entries.EntryWithdrawView.as_view(),
         name="entry-withdraw"),
    path("entries/<int:pk>/attachments/", entries.EntryAttachmentsView.as_view(),
         name="entry-attachments"),
    path("attachments/<int:pk>/", attachments.AttachmentDownloadView.as_view(),
         name="attachment-download"),
]
