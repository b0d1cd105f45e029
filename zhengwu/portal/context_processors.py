"""Portal-wide template context: 关怀版 (care mode) and font size come from cookies so they work without JS."""


def portal(request):
    care = request.COOKIES.get("care_mode") == "1" or request.GET.get("care") == "1"
    try:
        font = int(request.COOKIES.get("font_step", "0"))
    except ValueError:
        font = 0
    return {"care_mode": care, "font_step": max(-1, min(font, 3))}
