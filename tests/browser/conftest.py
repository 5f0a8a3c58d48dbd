import pytest
from django.core.management import call_command


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", verbosity=0)


@pytest.fixture
def sign_in(page, live_server):
    def sign_in(email, password="tremplin-demo"):
        page.goto(f"{live_server.url}/comptes/connexion/")
        page.get_by_label("Adresse électronique").fill(email)
        page.get_by_label("Mot de passe").fill(password)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(f"{live_server.url}/")

    return sign_in
