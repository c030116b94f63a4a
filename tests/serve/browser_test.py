"""annals-serve: the search page in headless Chromium (Debian's chromium,
chromium-driver and python3-selenium; nothing is downloaded). Types a query,
filters by a facet value with the keyboard and by a year of the timeline,
checks that the hits and counts change as the facet counts said, opens an
article with its entities marked, and saves screenshots in ANNALS_OUT.
Skips (exit 77) only when Chromium or its driver is not installed."""
import os
import shutil
import sys
import unittest

from serving import OUT, Server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not (os.access(CHROMIUM, os.X_OK) and os.access(DRIVER, os.X_OK)):
    print("SKIPPED: chromium or chromium-driver is not installed "
          "(apt-get install chromium chromium-driver python3-selenium)")
    sys.exit(77)

from selenium import webdriver  # noqa: E402  (after the skip on purpose)
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def total(driver):
    t = driver.find_element(By.ID, "summary").get_attribute("data-total")
    return int(t) if t else None


class Page(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server("serve-browser")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--window-size=1280,1000", "--no-first-run", "--disable-extensions"]:
            options.add_argument(arg)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        cls.driver = webdriver.Chrome(service=Service(DRIVER), options=options)
        cls.wait = WebDriverWait(cls.driver, 20)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        assert cls.server.stop() == 0

    def search(self, query):
        d = self.driver
        box = d.find_element(By.ID, "q")
        box.clear()
        box.send_keys(query, Keys.ENTER)
        self.wait.until(lambda d: f"“{query}”" in d.find_element(By.ID, "summary").text)
        return total(d)

    def facet_buttons(self, facet):
        return self.driver.find_elements(By.CSS_SELECTOR, f'.facet-group[data-facet="{facet}"] button.facet')

    def test_search_filter_and_read(self):
        d = self.driver
        d.get(self.server.base + "/")
        self.wait.until(lambda d: total(d) is not None)
        everything = total(d)
        self.assertGreater(everything, 10)

        # A query narrows the results (to more than a page).
        n = self.search("president")
        self.assertTrue(0 < n < everything, n)
        self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, "#hits .hit")), min(n, 10))
        self.assertTrue(d.find_elements(By.CSS_SELECTOR, "#hits .snippet mark"), "no highlighted snippet")

        # A person with fewer articles than the query has, chosen with the keyboard.
        person = next(b for b in self.facet_buttons("person") if int(b.get_attribute("data-count")) < n)
        name, count = person.get_attribute("data-value"), int(person.get_attribute("data-count"))
        person.send_keys(Keys.ENTER)
        query = f'president person:"{name}"'
        self.wait.until(lambda d: d.find_element(By.ID, "q").get_attribute("value") == query and total(d) == count)
        hits = d.find_elements(By.CSS_SELECTOR, "#hits .hit")
        self.assertEqual(len(hits), min(count, 10))
        for hit in hits:
            self.assertEqual(hit.find_element(By.CSS_SELECTOR, ".hit-entities strong").text, name)
        pressed = [b.get_attribute("data-value") for b in self.facet_buttons("person")
                   if b.get_attribute("aria-pressed") == "true"]
        self.assertEqual(pressed, [name])
        self.assertEqual(d.switch_to.active_element.get_attribute("id"), "summary")
        chips = [c.text for c in d.find_elements(By.CSS_SELECTOR, "#chips .chip")]
        self.assertEqual(len(chips), 1)
        self.assertIn(f'person:"{name}"', chips[0])
        d.save_screenshot(os.path.join(OUT, "serve-results.png"))

        # A year of the timeline filters by date, with the count its bar showed.
        bar = next(b for b in d.find_elements(By.CSS_SELECTOR, "#bars button.bar") if b.is_enabled())
        value, bar_count = bar.get_attribute("data-value"), int(bar.get_attribute("data-count"))
        bar.click()
        self.wait.until(lambda d: f"date:{value}" in d.find_element(By.ID, "q").get_attribute("value")
                        and total(d) == bar_count)
        # The chosen person again takes the filter away; so does the date's button under the box.
        pressed = next(b for b in self.facet_buttons("person") if b.get_attribute("aria-pressed") == "true")
        self.assertEqual(pressed.get_attribute("data-value"), name)
        pressed.click()
        self.wait.until(lambda d: d.find_element(By.ID, "q").get_attribute("value") == f"president date:{value}")
        chips = d.find_elements(By.CSS_SELECTOR, "#chips .chip")
        self.assertEqual([c.text.rstrip(" ×") for c in chips], [f"date:{value}"])
        chips[0].click()
        self.wait.until(lambda d: d.find_element(By.ID, "q").get_attribute("value") == "president" and total(d) == n)

        # Sort and paging.
        d.find_element(By.CSS_SELECTOR, "#sort option[value=oldest]").click()
        self.wait.until(lambda d: "sort=oldest" in d.current_url and total(d) == n)
        dates = [h.text[:10] for h in d.find_elements(By.CSS_SELECTOR, "#hits .hit .meta")]
        self.assertEqual(dates, sorted(dates))
        self.assertGreater(n, 10)
        d.find_element(By.ID, "next").click()
        self.wait.until(lambda d: "offset=10" in d.current_url
                        and d.find_element(By.ID, "hits").get_attribute("start") == "11")
        self.assertIn("Page 2", d.find_element(By.ID, "page").text)
        later = [h.text[:10] for h in d.find_elements(By.CSS_SELECTOR, "#hits .hit .meta")]
        self.assertLessEqual(dates[-1], later[0])

        # The article view marks its people, places, organisations and dates.
        first = d.find_element(By.CSS_SELECTOR, "#hits .hit h3 a")
        title = first.text
        first.click()
        self.wait.until(lambda d: d.find_element(By.ID, "article-view").is_displayed()
                        and d.find_element(By.ID, "article-title").text == title)
        body = d.find_element(By.ID, "article-body")
        self.assertGreater(len(body.text), 200)
        kinds = {m.get_attribute("data-type") for m in body.find_elements(By.CSS_SELECTOR, "mark.ent")}
        self.assertLessEqual({"person", "place", "date"}, kinds)
        # Every mark covers exactly the text its entity names (offsets converted right).
        marked = d.execute_script("""
            return fetch('api/articles/' + encodeURIComponent(new URLSearchParams(location.hash.slice(1)).get('article')))
              .then(r => r.json()).then(a => [a.entities.filter(e => e.field !== 'title').map(e => e.text),
                [...document.querySelectorAll('#article-body mark.ent')].map(m => m.textContent)]);""")
        self.assertTrue(marked[1])
        for text in marked[1]:
            self.assertIn(text, marked[0])
        self.assertEqual(d.switch_to.active_element.get_attribute("id"), "article-title")
        d.save_screenshot(os.path.join(OUT, "serve-article.png"))

        # Back to the results, then the same page on a phone-sized window.
        d.back()
        self.wait.until(lambda d: d.find_element(By.ID, "results-view").is_displayed() and total(d) == n)
        d.set_window_size(390, 844)
        d.refresh()
        self.wait.until(lambda d: total(d) == n)
        self.assertIsNone(d.find_element(By.ID, "filters").get_attribute("open"), "filters not folded on a phone")
        width = d.execute_script("return document.documentElement.scrollWidth")
        self.assertLessEqual(width, d.execute_script("return window.innerWidth"), "page wider than a phone")
        d.save_screenshot(os.path.join(OUT, "serve-phone.png"))
        d.set_window_size(1280, 1000)

    def test_query_error_shows_position(self):
        d = self.driver
        d.get(self.server.base + "/#q=" + "%28rubio%20OR")
        self.wait.until(lambda d: d.find_element(By.ID, "q-error").is_displayed())
        self.assertEqual(d.find_element(By.ID, "q").get_attribute("aria-invalid"), "true")
        self.assertTrue(d.find_element(By.CSS_SELECTOR, "#q-error .caret"))

    def test_no_console_errors(self):
        d = self.driver
        d.get(self.server.base + "/#q=nato")
        self.wait.until(lambda d: total(d) is not None)
        severe = [e for e in d.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
        self.assertEqual(severe, [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
