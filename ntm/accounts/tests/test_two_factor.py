"""Two-step sign-in (TOTP) for province staff: enrolment with a QR code and secret, a real code computed here."""

import base64
import time

import pytest
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ntm.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor")


@pytest.fixture
def required(settings):
    settings.NTM_REQUIRE_2FA = True


def code(secret: str, *, step: int | None = None) -> str:
    """The code of ``secret`` now, or at time step ``step`` (after a code was used: the device's last_t + 1)."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.time = time.time() if step is None else step * 30
    return f"{totp.token():06d}"


def sign_in(username: str) -> Client:
    client = Client()
    assert client.post(LOGIN, {"username": username, "password": TEST_PASSWORD}).status_code == 302
    return client


def secret_on(page: str) -> str:
    return page.split('data-testid="totp-secret">')[1].split("<")[0]


@pytest.mark.sqlite_journey
def test_coordinator_enrols_then_signs_in_with_a_code(cast, required):
    client = sign_in("dieuphoi")
    home = client.get(reverse("site:home"))
    assert home.status_code == 302 and home["Location"].startswith(SETUP)
    page = client.get(SETUP).content.decode()
    assert "<svg" in page
    secret = secret_on(page)
    assert client.post(SETUP, {"code": code(secret)}).status_code == 302
    assert client.get(reverse("site:home")).status_code == 200
    assert TOTPDevice.objects.get(user=cast.coordinator).confirmed

    again = sign_in("dieuphoi")
    assert again.get(reverse("accounts:profile"))["Location"].startswith(VERIFY)
    assert again.get(SETUP)["Location"] == VERIFY  # no second device behind the password alone
    next_code = code(secret, step=TOTPDevice.objects.get(user=cast.coordinator).last_t + 1)
    wrong = again.post(VERIFY, {"code": "000000" if next_code != "000000" else "111111"})
    assert wrong.status_code == 400
    time.sleep(1.1)  # django-otp waits a second after a wrong code
    assert again.post(VERIFY, {"code": next_code}).status_code == 302
    assert again.get(reverse("accounts:profile")).status_code == 200


def test_a_code_is_used_once(cast, required):
    client = sign_in("dieuphoi")
    secret = secret_on(client.get(SETUP).content.decode())
    first = code(secret)
    client.post(SETUP, {"code": first})
    replay = sign_in("dieuphoi")
    assert replay.post(VERIFY, {"code": first}).status_code == 400


def test_every_province_role_must_verify_and_a_commune_officer_need_not(cast, required):
    for username in ("dieuphoi", "so_nn", "kiemsoat"):
        assert sign_in(username).get(reverse("site:home")).status_code == 302, username
    assert sign_in("xa_a").get(reverse("site:home")).status_code == 200
    assert (
        sign_in(cast.front.username).get(reverse("site:home")).status_code == 200
    )  # a commune's Front officer


def test_unverified_session_gets_403_from_the_api(cast, required):
    response = sign_in("dieuphoi").get("/api/v1/accounts/me")
    assert response.status_code == 403
    assert "error" in response.json()


def test_public_pages_and_sign_out_stay_reachable(cast, required):
    client = sign_in("dieuphoi")
    assert client.get(reverse("maps:public")).status_code == 302  # a signed-in page context: gated too
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("maps:public")).status_code == 200


def test_setting_off_lets_staff_in_with_a_password(cast, settings):
    settings.NTM_REQUIRE_2FA = False
    assert sign_in("dieuphoi").get(reverse("site:home")).status_code == 200


def test_coordinator_resets_a_lost_authenticator(cast, required):
    device = TOTPDevice.objects.create(user=cast.auditor, name="TOTP", confirmed=True)
    coordinator = Client()
    coordinator.force_login(cast.coordinator)
    session = coordinator.session  # a session verified with the coordinator's own device
    own = TOTPDevice.objects.create(user=cast.coordinator, name="TOTP", confirmed=True)
    session["otp_device_id"] = own.persistent_id
    session.save()
    url = reverse("accounts:account_two_factor_reset", args=[cast.auditor.pk])
    assert coordinator.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert sign_in("kiemsoat").get(reverse("site:home"))["Location"].startswith(SETUP)


def test_deploy_check_warns_when_two_step_sign_in_is_off(settings):
    settings.NTM_REQUIRE_2FA = False
    assert "accounts.W001" in {m.id for m in run_checks(include_deployment_checks=True)}
    settings.NTM_REQUIRE_2FA = True
    assert "accounts.W001" not in {m.id for m in run_checks(include_deployment_checks=True)}
