"""Going through the checker's two steps in a browser, as a person does (browser and accessibility tests)."""


def answer(page, choices) -> int:
    """Answers what this step of the checker shows; returns the taps it took."""
    taps = 0
    for code, value in choices.items():
        for one in value if isinstance(value, list) else [value]:
            box = page.locator(f'input:not([type="hidden"])[name="{code}"][value="{one}"]')
            if box.count():
                box.check()
                taps += 1
    return taps


def complete_checker(page, url, data) -> int:
    """Both steps of the checker, from a blank form to the result; returns the taps, buttons included."""
    page.goto(url + "/symptom-checker/")
    taps = answer(page, data)
    page.get_by_role("button", name="Continue").click()
    result = page.locator(".verdict[data-disposition]")
    page.get_by_role("button", name="See my result").or_(result).first.wait_for()
    if page.get_by_role("button", name="See my result").count():
        taps += 1 + answer(page, data)
        page.get_by_role("button", name="See my result").click()
    result.wait_for()
    return taps + 1
