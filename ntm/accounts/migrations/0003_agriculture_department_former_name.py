"""The agriculture department's name before the 3/2025 mergers (NĐ 45/2025/NĐ-CP ngày 28/2/2025 organises the
provincial departments; "Sở Nông nghiệp và Phát triển nông thôn" and "Sở Tài nguyên và Môi trường" became "Sở Nông
nghiệp và Môi trường"): a record of 2023–2024 shows the name of its year. Only a department named exactly so gets it."""

import datetime as dt

from django.db import migrations

CURRENT = "Sở Nông nghiệp và Môi trường"
FORMER = "Sở Nông nghiệp và Phát triển nông thôn"
SOURCE = "NĐ 45/2025/NĐ-CP ngày 28/2/2025"


def forwards(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    OrganisationName = apps.get_model("accounts", "OrganisationName")
    for organisation in Organisation.objects.filter(name=CURRENT):
        OrganisationName.objects.get_or_create(
            organisation=organisation,
            name=FORMER,
            defaults={"valid_to": dt.date(2025, 2, 28), "source": SOURCE},
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_organisation_former_names")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
