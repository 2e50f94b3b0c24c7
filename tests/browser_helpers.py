"""What the browser tests share: Debian's Chromium, its flags, how long an answer may take,
and logging in to ask a first question."""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ANSWER_TIMEOUT = 60_000  # ms; a question takes about a second on a busy CPU


def log_in_and_ask(page, user: str, password: str, question: str):
    """Fill the login form, wait for the page, ask ``question``; its answer's locator."""
    page.fill("input[type=text]", user)
    page.fill("input[type=password]", password)
    page.keyboard.press("Enter")
    page.wait_for_selector("#status .status", timeout=ANSWER_TIMEOUT)
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    answer = page.locator("#turn-1 .a")
    answer.wait_for(timeout=ANSWER_TIMEOUT)
    return answer
