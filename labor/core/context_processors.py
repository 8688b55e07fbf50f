from django.conf import settings


def platform(request):
    profile = getattr(getattr(request, "user", None), "staff_profile", None)
    return {"LABOR_CITY": settings.LABOR_CITY, "staff_unit": getattr(profile, "unit", None)}
