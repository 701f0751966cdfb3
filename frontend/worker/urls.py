from django.urls import path

from . import accounts, certificates, contests, entries, nominations, notifications, profile

app_name = "worker"

urlpatterns = [
    # Accounts: sign up, first login of imported workers and password reset by SMS code.
    path("signup/", accounts.signup, name="signup"),
    path("first-login/", accounts.request_code, {"purpose": "first_login"}, name="first-login"),
    path("password/reset/", accounts.request_code, {"purpose": "password_reset"},
         name="password-reset"),
    path("password/code/", accounts.set_password_with_code, name="password-code"),
    path("password/code/resend/", accounts.resend_code, name="password-code-resend"),
    # Contests and entries.
    path("contests/", contests.contest_list, name="contests"),
    path("contests/<int:pk>/", contests.contest_detail, name="contest"),
    path("contests/<int:pk>/enter/", entries.enter, name="enter"),
    path("entries/", entries.entry_list, name="entries"),
    path("entries/<int:pk>/", entries.entry_detail, name="entry"),
    path("entries/<int:pk>/statement/", entries.edit_statement, name="entry-statement"),
    path("entries/<int:pk>/evidence/", entries.upload_evidence, name="entry-evidence"),
    path("entries/<int:pk>/evidence/<int:attachment>/remove/", entries.remove_evidence,
         name="entry-evidence-remove"),
    path("entries/<int:pk>/submit/", entries.submit, name="entry-submit"),
    path("entries/<int:pk>/withdraw/", entries.withdraw, name="entry-withdraw"),
    path("evidence/<int:pk>/", entries.evidence_download, name="evidence"),
    # Notifications.
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read-all/", notifications.mark_all_read, name="notifications-read-all"),
    path("notifications/<int:pk>/", notifications.open_notification, name="notification-open"),
    # Certificates.
    path("certificates/", certificates.certificate_list, name="certificates"),
    path("certificates/<str:number>/", certificates.certificate_detail, name="certificate"),
    path("certificates/<str:number>/pdf/", certificates.certificate_pdf, name="certificate-pdf"),
    # Profile.
    path("me/", profile.profile, name="profile"),
    path("me/phone/", profile.change_phone, name="phone"),
    path("me/nominations/", nominations.nomination_list, name="nominations"),
    path("me/nominations/<int:pk>/", nominations.nomination_detail, name="nomination"),
]
