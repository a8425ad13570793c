"""The assignment's pages: organizers' under /manage/assignment/, reviewers' own list."""

from django.urls import path

from assignment import area_chair_views, exchange_views, views

organizer_urls = (
    [
        path("", views.overview, name="overview"),
        path("runs/start/", views.run_start, name="run_start"),
        path("runs/<int:pk>/", views.run_detail, name="run"),
        path("runs/<int:pk>/commit/", views.run_commit, name="run_commit"),
        path("runs/<int:pk>/discard/", views.run_discard, name="run_discard"),
        path("runs/<int:pk>/retry/", views.run_retry, name="run_retry"),
        path("release/", views.release, name="release"),
        path("log/", views.edit_log, name="log"),
        path("area-chairs/", area_chair_views.area_chairs_page, name="area_chairs"),
        path("area-chairs/run/", area_chair_views.area_chairs_run, name="area_chairs_run"),
        path(
            "area-chairs/announce/",
            area_chair_views.area_chairs_announce,
            name="area_chairs_announce",
        ),
        path(
            "area-chairs/papers/<int:number>/",
            area_chair_views.area_chair_set,
            name="area_chair_set",
        ),
        path("papers/<int:number>/", views.paper, name="paper"),
        path("papers/<int:number>/add/", views.paper_add, name="paper_add"),
        path("papers/<int:number>/remove/", views.paper_remove, name="paper_remove"),
        path("papers/<int:number>/swap/", views.paper_swap, name="paper_swap"),
        path("papers/<int:number>/fixed/", views.paper_fixed, name="paper_fixed"),
        path("papers/<int:number>/why/<int:reviewer>/", views.explain, name="explain"),
        path("openreview/", exchange_views.page, name="openreview"),
        path("openreview/scores.csv", exchange_views.scores_csv, name="openreview_scores"),
        path(
            "openreview/constraints.csv",
            exchange_views.constraints_csv,
            name="openreview_constraints",
        ),
        path("openreview/expertise.zip", exchange_views.expertise_zip, name="openreview_expertise"),
        path(
            "openreview/assignment/",
            exchange_views.import_assignment,
            name="openreview_import_assignment",
        ),
        path("openreview/scores/", exchange_views.import_scores, name="openreview_import_scores"),
        path(
            "openreview/scores/clear/",
            exchange_views.clear_scores,
            name="openreview_clear_scores",
        ),
    ],
    "assignment",
)

reviewer_urls = (
    [
        path("", views.my_assignments, name="list"),
        path("papers.zip", views.my_assignments_zip, name="zip"),
    ],
    "my_assignments",
)
