"""The load test's pure helpers (loadtest/helpers.py): the load test itself is a script."""

from loadtest.helpers import dialogue_id_from_location, form_after, percentile

PAGE = """
<form method="post" action="/auth/logout"><input type="hidden" name="csrf_token" value="t1"></form>
<form method="post" class="dialogue-form" enctype="multipart/form-data">
  <input id="csrf_token" name="csrf_token" type="hidden" value="t1">
  <input name="version" type="hidden" value="3">
  <input name="title_en" value="Safety &amp; roles">
  <input name="photo" type="file">
  <input name="consent" type="checkbox" value="y">
  <input name="kept" type="checkbox" value="y" checked>
  <select name="city_id"><option value="">—</option><option value="7" selected>Homs</option>
    <option value="8">Hama</option></select>
  <select name="format"><option value="session">Session</option><option value="x">X</option>
  </select>
  <textarea name="summary_ar">
سطر</textarea>
  <button type="submit" name="go">Save</button>
</form>
"""


def test_a_form_is_read_as_a_browser_would_submit_it():
    form = form_after(PAGE, 'class="dialogue-form"')
    assert form.fields == {
        "csrf_token": "t1",
        "version": "3",
        "title_en": "Safety & roles",
        "kept": "y",
        "city_id": "7",
        "format": "session",
        "summary_ar": "سطر",
    }
    assert form.options["city_id"] == ["", "7", "8"]


def test_the_dialogue_id_comes_from_the_redirect():
    assert dialogue_id_from_location("http://127.0.0.1:8101/dialogues/42") == 42
    assert dialogue_id_from_location("/dialogues/42?x=1") == 42
    assert dialogue_id_from_location("/dialogues/new") is None
    assert dialogue_id_from_location(None) is None


def test_percentiles_by_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert [percentile(values, f) for f in (0.5, 0.95, 0.99)] == [50.0, 95.0, 99.0]
    assert percentile([], 0.5) == 0.0
    assert percentile([3.0], 0.99) == 3.0
