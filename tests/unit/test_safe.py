"""The one guard for widget callbacks: a plain, escaped message in the page, never a traceback."""
import ipywidgets
import pytest

from helpers.views.safe import guarded


def test_a_callback_that_fails_says_what_went_wrong_and_what_to_do_in_the_widget():
    out = ipywidgets.HTML()
    button = ipywidgets.Button()

    def save(_):
        raise ValueError("the name <script>alert(1)</script> is taken.")

    button.on_click(guarded(out, lead="Not saved", advice="Your text is still in the box.")(save))
    button.click()  # raises nothing: a visitor never sees a traceback
    assert out.value == ("<p><b>Not saved:</b> the name &lt;script&gt;alert(1)&lt;/script&gt; is taken. "
                         "Your text is still in the box.</p>")
    assert "Traceback" not in out.value and "ValueError" not in out.value


def test_a_callback_that_works_is_left_alone_and_keeps_its_result():
    out = ipywidgets.HTML("before")

    @guarded(out)
    def double(n):
        return 2 * n

    assert double(21) == 42 and out.value == "before"


def test_a_guarded_block_stops_at_the_failure_and_the_default_advice_says_what_to_do():
    out = ipywidgets.HTML()
    reached = []
    with guarded(out, lead="Could not compare"):
        {}["reason"]
        reached.append(True)
    assert not reached
    assert out.value == ("<p><b>Could not compare:</b> nothing called &#x27;reason&#x27; was found. "
                         "Try again, or ask the facilitator.</p>")


def test_an_error_with_no_words_still_gets_a_sentence():
    out = ipywidgets.HTML()
    guarded(out)(lambda: (_ for _ in ()).throw(RuntimeError()))()
    assert out.value.startswith("<p><b>Something went wrong:</b> an unexpected problem (RuntimeError).")


def test_stopping_the_kernel_is_not_swallowed():
    out = ipywidgets.HTML()
    with pytest.raises(KeyboardInterrupt):
        with guarded(out):
            raise KeyboardInterrupt
    assert out.value == ""
