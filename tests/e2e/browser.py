"""What every browser journey needs beyond Playwright itself."""


def follow(target):
    """Click a link or a form's button, and return once the page it leads to has loaded.

    Since Playwright 1.51 a click no longer waits for the navigation it starts: reading or checking the page right
    after it could read the page being left, or a new one committed but not yet parsed (axe then fails on a document
    with no root). Waiting for the navigation that the click starts, registered before the click, closes that race.
    """
    with target.page.expect_navigation(wait_until="load"):
        target.click()
