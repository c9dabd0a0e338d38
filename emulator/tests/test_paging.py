"""Paged lists: nextLink is absolute, carries api-version and $skip, and
walking it returns every item exactly once, in creation order."""
import urllib.parse

from emu import P, EmulatorTest, command_job, endpoint_body, main


class Paging(EmulatorTest):
    ARGS = ("--provisioning-delay-ms", "0", "--page-size", "2")

    def walk(self, url):
        names, pages = [], 0
        r = self.emu.arm("GET", url)
        while True:
            self.assertEqual(r.status, 200, r)
            pages += 1
            names += [v["name"] for v in r.json["value"]]
            link = r.json.get("nextLink")
            if not link:
                return names, pages
            self.assertTrue(link.startswith(self.emu.base + "/subscriptions/"), link)
            q = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
            self.assertEqual(q["api-version"], ["2025-12-01"])
            self.assertIn("$skip", q)
            r = self.emu.arm("GET", link)

    def test_endpoints_across_pages(self):
        want = [f"page-ep-{i}" for i in range(5)]
        for n in want:
            self.assertEqual(self.emu.arm("PUT", f"{P}/batchEndpoints/{n}",
                                          endpoint_body()).status, 201)
        names, pages = self.walk(f"{P}/batchEndpoints")
        self.assertEqual(names, want)
        self.assertEqual(pages, 3)
        # 'count' can only shrink the page
        r = self.emu.arm("GET", f"{P}/batchEndpoints", query={"count": "1"})
        self.assertEqual(len(r.json["value"]), 1)

    def test_jobs_and_models_pages(self):
        for i in range(3):
            self.assertEqual(self.emu.arm("PUT", f"{P}/jobs/page-job-{i}",
                                          command_job()).status, 201)
        names, pages = self.walk(f"{P}/jobs")
        self.assertEqual(names, [f"page-job-{i}" for i in range(3)])
        self.assertEqual(pages, 2)
        for v in range(1, 6):
            self.emu.arm("PUT", f"{P}/models/pm/versions/{v}",
                         {"properties": {"modelUri": "azureml://x"}})
        names, _ = self.walk(f"{P}/models/pm/versions")
        self.assertEqual(names, ["1", "2", "3", "4", "5"])

    def test_empty_list(self):
        r = self.emu.arm("GET", f"{P}/computes")
        self.assertEqual(r.json, {"value": []})


if __name__ == "__main__":
    main()
