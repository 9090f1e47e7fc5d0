"""Post a Django admin form the way a browser does: the fields as the page shows them, changed as a test says."""
from html.parser import HTMLParser


class FormFields(HTMLParser):
    """The values a browser would submit from the form with id `form_id` (None: the page's one form that
    posts, other than the header's log-out form, as on the admin's delete pages)."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.select = None
        self.textarea = None
        self.fields = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if self.form_id is None:
                self.inside = attrs.get("method") == "post" and attrs.get("id") != "logout-form"
            else:
                self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self.fields.append((attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append((self.select, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea = attrs.get("name")
            self.fields.append((self.textarea, ""))

    def handle_data(self, data):
        if self.textarea:
            name, text = self.fields[-1]
            self.fields[-1] = (name, text + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            # A browser drops the newline that follows <textarea>, as Django writes it.
            name, text = self.fields[-1]
            self.fields[-1] = (name, text.removeprefix("\n"))
            self.textarea = None


def form_fields(html, form_id):
    parser = FormFields(form_id)
    parser.feed(html)
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    return data


def submit(client, url, form_id, **changes):
    """GET the admin page at `url`, then POST its form with `changes` (a value, a list, or None to leave a
    field out, as an unchecked box is). Returns the POST's response."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    data = form_fields(page.content.decode(), form_id)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value if isinstance(value, list) else [value]
    return client.post(url, data)
