"""The role menu and the "my work" home: every menu link answers 200 for every role of the cast (the menu never
offers a page that answers 403), and each role sees what waits for it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ntm.accounts.models import User
from ntm.core import worklist
from ntm.core.worklist import WorkItem, register, work_items_for
from ntm.site.navigation import nav_links
from ntm.site.tests.test_permission_matrix import ACTORS, ANONYMOUS, world  # noqa: F401 (the shared world)

SIGNED_IN_ACTORS = [actor for actor in ACTORS if actor != ANONYMOUS]


@pytest.mark.parametrize("actor", SIGNED_IN_ACTORS)
def test_every_menu_link_answers_200(actor, world, db, client):  # noqa: F811
    user = User.objects.get(pk=world.users[actor].pk)
    client.force_login(user)
    links = nav_links(user)
    assert links[0].key == "home"
    wrong = [
        (link.key, link.url, code) for link in links if (code := client.get(link.url).status_code) != 200
    ]
    assert not wrong
    page = client.get(reverse("site:my_work")).content.decode()
    for link in links:
        assert f'data-nav="{link.key}"' in page


def test_menu_by_role(world, db):  # noqa: F811
    keys = {
        actor: {link.key for link in nav_links(User.objects.get(pk=world.users[actor].pk))}
        for actor in ACTORS
        if actor != ANONYMOUS
    }
    assert "department" not in keys["officer_a"]  # "Theo sở, ngành" answers 403 to a commune
    assert "values" in keys["officer_a"]  # its own commune's values
    assert "department" in keys["department"]
    assert "audit" in keys["auditor"] and "audit" not in keys["officer_a"]
    assert "surveys" in keys["front"] and "overview" not in keys["front"]
    # A producer owns OCOP products and growing areas, and sees nothing of the appraisal side.
    assert keys["producer"] == {"home", "ocop", "traceability", "map", "criteria", "notifications"}
    assert "environment" in keys["officer_a"] and "environment" not in keys["front"]
    assert "accounts" in keys["coordinator"] and "accounts" not in keys["officer_a"]
    assert keys["ocop_council"] >= {"ocop"} and "traceability" not in keys["ocop_council"]


def test_visitor_has_no_menu(client, db):
    assert nav_links(None) == []
    assert 'data-testid="role-nav"' not in client.get("/").content.decode()


def test_registry_drops_empty_items(world, db):  # noqa: F811
    user = world.users["officer_a"]
    calls = []

    def provider(user):
        calls.append(user)
        return [WorkItem("test.zero", "zero", 0, "/"), WorkItem("test.two", "two", 2, "/x/")]

    register("test-provider", provider)
    try:
        items = work_items_for(user)
    finally:
        worklist._PROVIDERS.pop("test-provider")
    assert [item.key for item in items if item.key.startswith("test.")] == ["test.two"]
    assert calls == [user]
