"""Default thresholds of existing campaigns carry the marks the public documents support: 80% per content is a
condition of the district's recognition (QĐ 320/QĐ-TTg, Phụ lục I), so for a commune campaign it is partial; a
default coverage target is a setting of the system, not a value the Front set. Values officers typed are left as
they are (their source says the Front set them)."""

from django.db import migrations

OLD_CONTENT = "Mỗi xã ≥ 80% hài lòng với từng nội dung: điều kiện công nhận huyện NTM, QĐ 320/QĐ-TTg ngày 08/3/2022, Phụ lục I"
OLD_SERVICE_COVERAGE = "Mục tiêu do Ủy ban MTTQ đặt (không có quy định)"


def forwards(apps, schema_editor):
    from ntm.surveys import thresholds

    Campaign = apps.get_model("surveys", "Campaign")
    content = thresholds.RECOGNITION_DEFAULTS["content"]
    Campaign.objects.filter(threshold_content_source=OLD_CONTENT).update(
        threshold_content_provenance=content.provenance, threshold_content_source=content.source[:300]
    )
    coverage = thresholds.SERVICE_DEFAULTS["coverage"]
    Campaign.objects.filter(coverage_source=OLD_SERVICE_COVERAGE).update(
        coverage_provenance=coverage.provenance, coverage_source=coverage.source[:300]
    )
    old_overall = thresholds.RECOGNITION_DEFAULTS["overall"]
    Campaign.objects.filter(threshold_overall_source__startswith="Mức cho xã chưa tìm thấy văn bản").update(
        threshold_overall_source=old_overall.source[:300]
    )
    Campaign.objects.filter(coverage_source__startswith="Thực tiễn địa phương").update(
        coverage_source=thresholds.RECOGNITION_DEFAULTS["coverage"].source[:300]
    )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_answers_without_rowid")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
