from ntm.feedback import services
from ntm.units.models import Hamlet


def make_feedback(
    unit, *, category="infrastructure", text="Đường ấp 3 sụt lún sau mưa.", photo=None, **extra
):
    """A citizen's feedback through the service; returns (item, code)."""
    data = services.FeedbackIn(unit=unit, category=category, text=text, **extra)
    return services.feedback_submit(data=data, photo=photo)


def make_hamlet(unit, name="Ấp 3"):
    return Hamlet.objects.create(unit=unit, name=name)
