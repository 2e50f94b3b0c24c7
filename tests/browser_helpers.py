"""What the browser tests share: Debian's Chromium, its flags, and how long an answer may take."""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ANSWER_TIMEOUT = 60_000  # ms; a question takes about a second on a busy CPU
