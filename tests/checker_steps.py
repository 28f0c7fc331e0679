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


def through_the_checker_over_http(base: str, answers: dict) -> tuple[int, str, str, str]:
    """The checker's steps in turn over HTTP (a real server), as a browser goes: its cookies kept, its
    redirects followed. Returns the last status and page, the Cookie header the browser then sends (CSRF and
    the signed answers) and the last step's form body (bench/run.py sends those two again and again)."""
    import http.cookiejar
    import re
    import urllib.request
    from urllib.parse import urlencode

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    url = base + "/symptom-checker/"
    with opener.open(url, timeout=10) as response:
        status, page = response.status, response.read().decode()
    body = ""
    for _ in STEP_PATHS:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urlencode({**answers, "csrfmiddlewaretoken": token}, doseq=True)
        request = urllib.request.Request(url, data=body.encode(), headers={"Origin": base, "Referer": url})
        with opener.open(request, timeout=10) as response:
            status, page, url = response.status, response.read().decode(), response.url
        if "data-disposition" in page:
            break
    return status, page, "; ".join(f"{c.name}={c.value}" for c in jar), body


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
