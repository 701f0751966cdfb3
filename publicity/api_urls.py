from django.urls import path

from core.public_cache import cached_public_read

from .api import certificates, exports, notices, objections

urlpatterns = [
    path("notices/", cached_public_read(notices.NoticeListView.as_view()),
         name="publicity-notices"),
    path("notices/<int:pk>/", cached_public_read(notices.NoticeDetailView.as_view()),
         name="publicity-notice"),
    path("notices/<int:pk>/objections/", notices.ObjectionCreateView.as_view(),
         name="publicity-notice-objections"),
    path("contests/<int:pk>/notice/restart/", notices.NoticeRestartView.as_view(),
         name="publicity-notice-restart"),
    path("objections/", objections.ObjectionListView.as_view(), name="publicity-objections"),
    path("objections/<int:pk>/", objections.ObjectionDetailView.as_view(),
         name="publicity-objection"),
    path("objections/<int:pk>/resolve/", objections.ObjectionResolveView.as_view(),
         name="publicity-objection-resolve"),
    path("certificates/", certificates.CertificateListView.as_view(),
         name="publicity-certificates"),
    path("certificates/<str:number>.pdf", certificates.CertificatePdfView.as_view(),
         name="publicity-certificate-pdf"),
    path("certificates/<str:number>/verify/", certificates.VerifyView.as_view(),
         name="publicity-certificate-verify"),
    path("certificates/<str:number>/revoke/", certificates.CertificateRevokeView.as_view(),
         name="publicity-certificate-revoke"),
    path("contests/<int:pk>/results.xlsx", exports.ResultsExportView.as_view(),
         name="publicity-results-export"),
]
