"""Going through the checker's steps as a person does: with Django's test client, and in a browser."""

STEP_PATHS = ("/symptom-checker/", "/symptom-checker/step-2/", "/symptom-checker/step-3/")


def answer_checker(client, data, **extra):
    """Posts `data` (every answer, as form data) to each step the checker asks, following its redirects as a
    browser does, and returns the last page: the result, or a step that shows what is wrong."""
    client.cookies.pop("checker_answers", None)  # a new person: nothing kept from an earlier answer
    response = client.post(STEP_PATHS[0], data, follow=True, **extra)
    for _ in STEP_PATHS[1:]:
        path = response.request["PATH_INFO"]
        if (
            path not in STEP_PATHS[1:]
            or response.status_code != 200
            or b"There is a problem" in response.content
        ):
            break
        response = client.post(path, data, follow=True, **extra)
    return response


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
    """Every step of the checker, from a blank form to the result; returns the taps, buttons included."""
    page.context.clear_cookies()  # a new person: no answers kept from an earlier go
    page.goto(url + "/symptom-checker/")
    result = page.locator(".verdict[data-disposition]")
    taps = 0
    for _ in STEP_PATHS:
        taps += answer(page, data)
        page.locator("#checker-submit").click()
        taps += 1
        page.locator(".verdict[data-disposition], #checker-submit").first.wait_for()
        if result.count():
            break
    result.wait_for()
    return taps


def ticking(*signs: str, **radios: str) -> dict:
    """Form data with no warning sign but these signs ticked in their lists (and these radio answers)."""
    from backspasm_site.symptom_checker.preview import ALL_CLEAR
    from backspasm_site.symptom_checker.red_flags import QUESTIONS_BY_CODE

    data = {**ALL_CLEAR, **radios}
    for sign in signs:
        group = QUESTIONS_BY_CODE[sign].group
        data[group] = [tick for tick in data[group] if tick != "none"] + [sign]
    return data


def reach_step(page, url, number: int, data=None) -> None:
    """Opens the checker and answers (with `data`, or no warning sign) every step before step `number`."""
    from backspasm_site.symptom_checker.preview import ALL_CLEAR

    page.goto(url + "/symptom-checker/")
    for _ in range(number - 1):
        answer(page, data or ALL_CLEAR)
        page.locator("#checker-submit").click()
        page.wait_for_load_state()
    page.locator(".step-number", has_text=f"Step {number} of 3").wait_for()
