"""Linkage models point to real growing areas (coded, in the officer's scope) instead of free text; the area page
lists its linkage models; the Plan 202 target still reads only the recorded "digital raw-material area" fact."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ntm.audit.models import AuditEntry
from ntm.core.exceptions import ServiceError
from ntm.programme.models import LinkageModel
from ntm.programme.services import registries as services_registries
from ntm.traceability.tests.factories import make_area

pytestmark = pytest.mark.django_db

API = "/api/v1/programme"


def _post(area_ids, **overrides):
    return {
        "name": "Liên kết sầu riêng Long Phước",
        "key_product": "Sầu riêng",
        "partner": "Công ty XNK A",
        "growing_areas": area_ids,
        **overrides,
    }


def test_officer_links_coded_areas_of_the_scope_and_the_area_page_lists_them(client_as, cast):
    coded = make_area(cast.producer, cast.commune_a, issuer=cast.department, name="Vùng có mã")
    waiting = make_area(cast.producer, cast.commune_a, name="Vùng chờ mã")
    elsewhere = make_area(cast.producer, cast.commune_b, issuer=cast.department, name="Vùng xã B")
    client = client_as(cast.officer_a)
    form = client.get(reverse("programme:linkage_create")).context["form"]
    assert list(form.fields["growing_areas"].queryset) == [coded]  # coded, and only those in scope

    response = client.post(reverse("programme:linkage_create"), _post([coded.pk], unit=cast.commune_a.pk))
    assert response.status_code == 302
    linkage = LinkageModel.objects.get()
    assert list(linkage.growing_areas.all()) == [coded]
    # the Plan 202 target's rule is unchanged: linking areas does not make the model "digital"
    assert linkage.digital_raw_material_area is False and linkage.uses_digital_area is False
    entry = AuditEntry.objects.get(action="programme.linkage_model_areas")
    assert entry.changes["fields"]["growing_areas"] == [[], [coded.code]]

    # a chosen area names the raw-material area for a model tied to a digital area (no text needed)
    services_registries.linkage_model_save(
        actor=cast.officer_a,
        linkage=linkage,
        data={
            "unit": cast.commune_a,
            "name": linkage.name,
            "key_product": "Sầu riêng",
            "digital_technology": "Nhật ký điện tử",
            "digital_raw_material_area": True,
            "growing_areas": [coded],
        },
    )
    for refused in (waiting, elsewhere):
        with pytest.raises(ServiceError):
            services_registries.linkage_model_save(
                actor=cast.officer_a,
                linkage=linkage,
                data={"unit": cast.commune_a, "name": "x", "key_product": "x", "growing_areas": [refused]},
            )
    assert list(LinkageModel.objects.get().growing_areas.all()) == [coded]

    page = client_as(cast.producer).get(reverse("traceability:area", args=[coded.pk]))
    assert "Liên kết sầu riêng Long Phước" in page.content.decode()
    assert page.context["linkages"][0]["partner"] == "Công ty XNK A"
    assert (
        client_as(cast.producer).get(reverse("traceability:area", args=[waiting.pk])).context["linkages"]
        == []
    )

    listing = client_as(cast.officer_a).get(reverse("programme:linkage")).content.decode()
    assert coded.code in listing
    items = client_as(cast.coordinator).get(f"{API}/linkage-models").json()["items"]
    assert items[0]["growing_area_codes"] == [coded.code]


def test_emptying_the_choice_unlinks_the_areas(cast):
    coded = make_area(cast.producer, cast.commune_a, issuer=cast.department)
    data = {"unit": cast.commune_a, "name": "LK", "key_product": "Bưởi", "growing_areas": [coded]}
    linkage = services_registries.linkage_model_save(actor=cast.officer_a, linkage=None, data=data)
    services_registries.linkage_model_save(
        actor=cast.officer_a, linkage=linkage, data={**data, "growing_areas": []}
    )
    assert not linkage.growing_areas.exists()
    with pytest.raises(ServiceError):  # a digital-area model must then name its area in words
        services_registries.linkage_model_save(
            actor=cast.officer_a,
            linkage=linkage,
            data={**data, "growing_areas": [], "digital_raw_material_area": True},
        )
