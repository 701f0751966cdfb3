from django.urls import path

from . import draft, evidence, views

urlpatterns = [
    path("", views.assignment_list, name="judge-assignments"),
    path("assignments/<int:pk>/", views.scoring, name="judge-scoring"),
    path("assignments/<int:pk>/draft/", draft.DraftView.as_view(), name="judge-draft"),
    path("assignments/<int:pk>/clear/", views.clear_score, name="judge-clear-score"),
    path("assignments/<int:pk>/submit/", views.submit, name="judge-submit"),
    path("assignments/<int:pk>/conflict/", views.conflict, name="judge-conflict"),
    path("evidence/<int:pk>/", evidence.viewer, name="judge-evidence"),
    path("evidence/<int:pk>/file/", evidence.image, name="judge-evidence-file"),
    path("evidence/<int:pk>/pages/<int:number>.png", evidence.pdf_page,
         name="judge-evidence-page"),
]
