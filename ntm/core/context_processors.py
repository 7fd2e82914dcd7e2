from django.conf import settings

from ntm.core.models import InstanceState


def instance(request) -> dict:
    """Instance-wide flags every page needs: the demo banner."""
    return {
        "demo_mode": InstanceState.is_demo(),
        "province_code": settings.NTM_PROVINCE_CODE,
        "province_name": settings.NTM_PROVINCE_NAME,
    }
