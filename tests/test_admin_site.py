"""The Django admin, for technical staff: Tremplin's apps first, then the technical ones under
headings that say so."""

from django.urls import reverse


def test_technical_apps_come_last_under_a_technical_heading(client, national_user):
    client.force_login(national_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    labels = [app["app_label"] for app in response.context["app_list"]]
    technical = ["django_celery_beat", "django_celery_results", "axes", "dsfr", "auth"]
    assert labels[-len(technical) :] == technical
    assert {"accounts", "programmes", "partners"} <= set(labels[: -len(technical)])
    names = {app["app_label"]: str(app["name"]) for app in response.context["app_list"]}
    for label in technical[:-1]:
        assert names[label].startswith(("Technical:", "Technique")), names[label]
