"""The one owner of the terminal: data to stdout, messages and prompts to stderr.

User-typed text is shown literally everywhere: rich markup such as `[bold]` is never
interpreted (every string becomes a `rich.text.Text`, never markup), and control characters,
escape sequences and bidirectional overrides are replaced by U+FFFD before they reach the
terminal. Rich is imported only when stdout is a terminal; piped output is plain aligned text.

The signals that end a conversation on the terminal are handled here too, in one place:
`interruptible` for a run of questions, `handling` for the editor (editor.py).

Output that cannot be written never becomes a crash: text a stream's encoding cannot hold is
written without its accents (`Maria Lopez` under an ASCII locale; JSON is escaped instead, so
it stays exact); data that stdout cannot take (closed, full, a pipe whose reader left) raises
`OutputLost` for the boundary to turn into an exit code; a message stderr cannot take is
dropped, since no exit code depends on it.
"""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from onetoone.render.doc import GOOD, MUTED, STRONG, WARN, Blank, Doc, Heading, Line, Table

from onetoone.printable import safe


def _escape_unsafe(document: str) -> str:
    """JSON text with every character `safe` would replace written as a \\u escape: the same
    data for a program, nothing for a terminal to act on (json.dumps escapes only C0 controls)."""
    if document.replace("\n", "").isprintable():  # the usual case, checked at C speed
        return document
    return "".join(ch if ch == "\n" or safe(ch) == ch else json.dumps(ch)[1:-1] for ch in document)


def width(text: str) -> int:
    """Columns `text` takes on a terminal (wide East Asian characters count two)."""
    if text.isascii():
        return len(text)
    total = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


_width = width
PROGRESS_AFTER = 1.0  # seconds of work before a progress bar is worth drawing


def _pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


class Terminal:
    def __init__(self, stdout: TextIO | None = None, stderr: TextIO | None = None) -> None:
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr

    # -- data on stdout ---------------------------------------------------------------------

    def show(self, doc: Doc) -> None:
        with _data(self.stdout):
            if _is_terminal(self.stdout):
                self._show_rich(doc)
            else:
                self.stdout.write(_fit(plain(doc), self.stdout))
            self.stdout.flush()

    def json(self, data: Any) -> None:
        with _data(self.stdout):
            document = json.dumps(data, ensure_ascii=False, indent=2)
            if _fit(document, self.stdout) != document:  # an encoding without these letters: escape them all
                document = json.dumps(data, ensure_ascii=True, indent=2)
            self.stdout.write(_escape_unsafe(document) + "\n")
            self.stdout.flush()

    def document(self, text: str) -> None:
        """A whole file's text on stdout, as it is (an .ics calendar, whose writer made every
        field printable): for `oto calendar > file.ics`."""
        with _data(self.stdout):
            self.stdout.write(_fit(text, self.stdout))
            self.stdout.flush()

    def text(self, line: str) -> None:
        """One line of data (a path, a version) on stdout."""
        with _data(self.stdout):
            self.stdout.write(_fit(safe(line), self.stdout) + "\n")
            self.stdout.flush()

    def lines(self, lines: list[str]) -> None:
        """Lines of data (a Graphviz graph) on stdout, each shown as text."""
        with _data(self.stdout):
            self.stdout.write("".join(_fit(safe(line), self.stdout) + "\n" for line in lines))
            self.stdout.flush()

    # -- messages on stderr -----------------------------------------------------------------

    def say(self, message: str) -> None:
        self._message(safe(message, multiline=True) + "\n")

    def error(self, message: str) -> None:
        self._message("oto: " + safe(message) + "\n")

    def _message(self, text: str) -> None:
        try:
            self.stderr.write(_fit(text, self.stderr))
            self.stderr.flush()
        except (OSError, ValueError, AttributeError):  # stderr closed or full: say nothing
            _silence(self.stderr)

    def ask(self, question: str) -> str:
        """One answer typed by the organizer; the question goes to stderr. EOF raises EOFError.

        A paste is one answer, however many lines it holds: on a terminal bracketed paste is on
        while oto reads (readline's, or else oto reads up to the paste's end marker itself), so
        the lines of a pasted story never spill into the questions after it."""
        self._message(safe(question, multiline=True))
        interactive = sys.stdin is not None and sys.stdin.isatty() and self.stderr is sys.stderr
        if interactive and _readline():
            return _one_answer(_listened())
        if interactive:
            return _pasted(self.stderr)
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\n")

    @contextmanager
    def progress(self, total: int, what: str) -> Iterator[Callable[[int], None]]:
        """A progress bar on stderr for work of `total` steps, yielding `advance(steps)`. Drawn
        (rich.progress) only when stderr is a terminal and only once the work has taken more than
        PROGRESS_AFTER seconds; piped or quick, it draws nothing."""
        import time

        started = time.monotonic()
        state: dict[str, Any] = {"done": 0, "bar": None}
        interactive = _is_terminal(self.stderr)

        def advance(steps: int = 1) -> None:
            state["done"] += steps
            if not interactive:
                return
            if state["bar"] is None and time.monotonic() - started > PROGRESS_AFTER:
                from rich.console import Console
                from rich.progress import Progress

                bar = Progress(console=Console(file=self.stderr), transient=True)
                bar.start()
                state["bar"], state["task"] = bar, bar.add_task(safe(what), total=total or None)
            if state["bar"] is not None:
                state["bar"].update(state["task"], completed=state["done"])

        try:
            yield advance
        finally:
            if state["bar"] is not None:
                state["bar"].stop()

    def secret(self, prompt: str) -> str:
        """A line typed on the terminal without echo (a passphrase); `prompt` goes to stderr. The
        terminal's settings are restored after it, on Ctrl-C too (KeyboardInterrupt); a terminal
        that closed raises EOFError. Never read from a pipe."""
        import getpass
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("error", getpass.GetPassWarning)  # no terminal: never fall back to echoing
            try:
                return getpass.getpass(safe(prompt), stream=self.stderr)
            except (getpass.GetPassWarning, OSError):
                raise EOFError from None

    def key(self, prompt: str) -> str:
        """One key pressed by the organizer, read without Enter; `prompt` goes to stderr once the
        terminal takes single keys (cbreak, no echo: for this read only, restored after it).

        Returns what the key sends: 'd', ' ', '\r' for Enter, '\x04' for Ctrl-D, an escape
        sequence for an arrow. Ctrl-C stays a signal (KeyboardInterrupt); a terminal that closed
        raises EOFError. The read polls every 0.1 s, so a signal's handler runs promptly."""
        import select
        import termios
        import tty

        try:
            fd = sys.stdin.fileno()
            before = termios.tcgetattr(fd)
        except (AttributeError, ValueError, OSError, termios.error):
            raise EOFError from None
        try:
            tty.setcbreak(fd, termios.TCSANOW)  # keys typed ahead are kept, not flushed
            self._message(safe(prompt, multiline=True))
            while not select.select([fd], [], [], 0.1)[0]:
                pass
            pressed = _one_key(fd, select.select)
        except (OSError, termios.error):  # the terminal closed under the read (EIO)
            raise EOFError from None
        finally:
            try:
                termios.tcsetattr(fd, termios.TCSADRAIN, before)
            except (OSError, termios.error):  # the terminal is gone
                pass
        if not pressed:
            raise EOFError
        return pressed.decode("utf-8", "replace")

    # -- drawing ----------------------------------------------------------------------------

    def _show_rich(self, doc: Doc) -> None:
        from rich.console import Console
        from rich.text import Text

        def shown(text: str) -> str:  # rich writes what it is given: fit it to the encoding first
            return _fit(safe(text), self.stdout)

        console = Console(file=self.stdout, markup=False, emoji=False, highlight=False, width=_readable_width(self.stdout))
        tones = {STRONG: "bold", WARN: "bold yellow", MUTED: "dim", GOOD: "green"}
        for block in doc.blocks:
            if isinstance(block, Heading):
                console.print(Text(shown(block.text), style="bold cyan"))
            elif isinstance(block, Line):
                console.print(_marked(block, shown, Text, style=tones.get(block.tone, "")))
            elif isinstance(block, Blank):
                console.print()
            elif isinstance(block, Table):
                # Laid out here and printed as one styled text: a rich Table measures every
                # cell again (~0.5 ms a row), which was most of a full digest's drawing time.
                console.print(_table_text(block, console.width, Text, fit=lambda text: _fit(text, self.stdout)), no_wrap=True, overflow="ignore", crop=False)
                if block.more:
                    console.print(Text(_more(block), style="dim"))


def _marked(line: Line, shown: Callable[[str], str], Text, *, style: str):
    """A line as rich Text, its marked spans (a search's matches) in reverse bold. `shown` makes
    each piece safe and fit for the stream (it keeps a piece's length on a UTF-8 terminal; on
    another encoding a piece may change length, so pieces are made safe one by one)."""
    text = Text(" " * line.indent, style=style)
    at = 0
    for start, end in line.marks:
        text.append(shown(line.text[at:start]), style=style)
        text.append(shown(line.text[start:end]), style=f"{style} bold reverse".strip())
        at = end
    text.append(shown(line.text[at:]), style=style)
    return text


_PASTE_ON, _PASTE_OFF = "\x1b[?2004h", "\x1b[?2004l"
_PASTE_START, _PASTE_END = "\x1b[200~", "\x1b[201~"


def _one_key(fd: int, ready) -> bytes:
    """The bytes of one key from `fd`: one character (its UTF-8 bytes), or an escape sequence
    (an arrow, a function key) whole; a key typed after it stays for the next read."""
    first = os.read(fd, 1)
    if first == b"\x1b":
        rest = b""
        while len(rest) < 16 and ready([fd], [], [], 0.02)[0]:
            rest += os.read(fd, 1)
            if rest[:1] not in (b"[", b"O") or (len(rest) > 1 and 0x40 <= rest[-1] <= 0x7E):
                break  # Alt and a key, or a sequence's final byte
        return first + rest
    if first and first[0] >= 0xC0:  # a UTF-8 lead byte: its continuation bytes follow
        more = 1 if first[0] < 0xE0 else 2 if first[0] < 0xF0 else 3
        return first + os.read(fd, more)
    return first


def _readline() -> bool:
    """Whether input() edits the line with readline (stdin and stdout both a terminal), with
    bracketed paste on, so a paste comes back as one answer with its line breaks."""
    if not (sys.stdout is not None and sys.stdout.isatty()):
        return False
    try:
        import readline
    except ImportError:
        return False
    if "libedit" not in (getattr(readline, "__doc__", "") or ""):
        readline.parse_and_bind("set enable-bracketed-paste on")
        return True
    return False


def _listened() -> str:
    """input() with readline, called once the first key of the answer is there: until then oto
    waits itself, polling, so a Ctrl-C pressed at the question is answered at once. (input()
    takes a signal that comes before readline listens without handling it until Enter.) The
    terminal waits in cbreak mode, bracketed paste on, as readline would have it, and is given
    back as it was."""
    import select
    import termios
    import tty

    fd = sys.stdin.fileno()
    try:
        before = termios.tcgetattr(fd)
        tty.setcbreak(fd, termios.TCSANOW)
    except termios.error:
        return input()
    try:
        try:  # where readline writes it: stdout, a terminal whenever readline is used
            sys.stdout.write(_PASTE_ON)
            sys.stdout.flush()
        except (OSError, ValueError):
            pass
        while not select.select([fd], [], [], 0.1)[0]:
            pass
    finally:
        try:  # as it was before readline starts: readline echoes only on a terminal that echoes
            termios.tcsetattr(fd, termios.TCSANOW, before)
        except termios.error:
            pass
    return input()


def _one_answer(text: str) -> str:
    """What was typed or pasted, its line breaks as '\n' (a paste brings them as CR)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace(_PASTE_START, "").replace(_PASTE_END, "")


def _pasted(stderr: TextIO) -> str:
    """A line from a terminal without readline, bracketed paste on while it is read: a paste's
    lines, up to its end marker, are one answer."""
    try:
        stderr.write(_PASTE_ON)
        stderr.flush()
    except (OSError, ValueError):
        pass
    try:
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        lines = [line]
        while _PASTE_START in "".join(lines) and _PASTE_END not in lines[-1]:
            more = sys.stdin.readline()
            if not more:
                break
            lines.append(more)
        return _one_answer("".join(lines).rstrip("\n"))
    finally:
        try:
            stderr.write(_PASTE_OFF)
            stderr.flush()
        except (OSError, ValueError):
            pass


def plain(doc: Doc) -> str:
    """The document as plain aligned text: what scripts and tests see."""
    lines: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines.append(safe(block.text))
        elif isinstance(block, Line):
            lines.append(" " * block.indent + safe(block.text))
        elif isinstance(block, Blank):
            lines.append("")
        elif isinstance(block, Table):
            rows = [[safe(c) for c in row] for row in block.rows]
            if block.show_header:
                rows.insert(0, [safe(c) for c in block.columns])
            widths = [max((width(r[i]) for r in rows), default=0) for i in range(len(block.columns))]
            for row in rows:
                cells = [_pad(cell, widths[i]) for i, cell in enumerate(row[:-1])] + [row[-1]]
                lines.append(("  " + "  ".join(cells)).rstrip())
            if block.more:
                lines.append("  " + _more(block))
    return "".join(line + "\n" for line in lines)


def _table_text(block: Table, columns: int, Text, fit=lambda text: text):
    """A table as one rich Text: cells aligned as `plain` aligns them, the header bold over a dim
    rule, and the fold column's cells (the last unless the table says) too long for the terminal
    folded under that column, so the columns after it (a date) stay in view on the first line;
    `fit` makes a cell's text one the stream's encoding can hold."""
    rows = [[fit(safe(c)) for c in row] for row in block.rows]
    header = [fit(safe(c)) for c in block.columns] if block.show_header else None
    shown = ([header] if header else []) + rows
    count = len(block.columns)
    widths = [max((width(r[i]) for r in shown), default=0) for i in range(count)]
    fold = block.fold % count if count else 0
    start = 2 + sum(w + 2 for w in widths[:fold])  # where the fold column begins
    after = sum(w + 2 for w in widths[fold + 1:])  # what the columns after it take
    room = max(columns - start - after - 1, 20)
    widths[fold] = min(widths[fold], room)
    text = Text()
    for number, row in enumerate(shown):
        head = "  " + "".join(_pad(cell, widths[i]) + "  " for i, cell in enumerate(row[:fold]))
        pieces = _fold(row[fold], room) if row else [""]
        tail = "".join("  " + _pad(cell, widths[fold + 1 + i]) for i, cell in enumerate(row[fold + 1:]))
        first = head + (_pad(pieces[0], widths[fold]) + tail if tail else pieces[0])
        lines = [first] + [" " * start + piece for piece in pieces[1:]]
        if number:
            text.append("\n")
        text.append("\n".join(line.rstrip() for line in lines), style="bold" if header and number == 0 else "")
        if header and number == 0:
            text.append("\n  " + "\u2500" * max(start - 2 + widths[fold] + after, 1), style="dim")
    return text


def _fold(cell: str, room: int) -> list[str]:
    """`cell` cut into pieces of at most `room` columns, at spaces where it can be."""
    width = len if cell.isascii() else _width  # one column a character: measured at C speed
    if width(cell) <= room:
        return [cell]
    pieces, line = [], ""
    for word in cell.split(" "):
        while width(word) > room:  # a word longer than the room is cut where it must be
            if line:
                pieces.append(line)
                line = ""
            cut = room
            while width(word[:cut]) > room:
                cut -= 1
            pieces.append(word[:cut])
            word = word[cut:]
        if line and width(line) + 1 + width(word) > room:
            pieces.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    pieces.append(line)
    return pieces


def _more(table: Table) -> str:
    hint = f" ({table.more_hint})" if table.more_hint else ""
    return f"... and {table.more:,} more{hint}"


# Below this many columns a table folds names into single letters; a terminal that says it is
# that narrow (COLUMNS=0, a stray COLUMNS=5) is drawn at its real width, or at the usual 80.
_NARROWEST = 40


def _readable_width(stream: TextIO) -> int:
    try:
        told = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        told = 0
    if told >= _NARROWEST:
        return told
    try:
        real = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        real = 0
    return real if real >= _NARROWEST else 80


def _fit(text: str, stream: TextIO | None) -> str:
    """`text` as `stream`'s encoding can hold it: accents dropped, other letters as `?`."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        pass
    try:
        bare = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
        return bare.encode(encoding, "replace").decode(encoding)
    except LookupError:
        return bare.encode("ascii", "replace").decode("ascii")


class _data:
    """Data written to stdout: a failure becomes `OutputLost` (see the module docstring)."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream

    def __enter__(self) -> None:
        if self.stream is None:  # started with stdout closed
            from onetoone.errors import OutputLost

            raise OutputLost("Nothing could be printed: stdout is closed.")

    def __exit__(self, kind, problem, traceback) -> bool:
        if problem is None or not isinstance(problem, (OSError, ValueError)) or isinstance(problem, UnicodeError):
            return False
        from onetoone.errors import OutputLost

        _silence(self.stream)
        if isinstance(problem, BrokenPipeError):
            raise OutputLost("The output's reader went away.", broken_pipe=True) from None
        reason = problem.strerror if isinstance(problem, OSError) and problem.strerror else str(problem)
        raise OutputLost(f"The output could not be written ({reason}).") from None


def _silence(stream: TextIO | None) -> None:
    """Point a stream that failed at /dev/null, so what is still buffered in it (flushed again
    as Python exits) cannot fail a second time (the standard recipe for a closed pipe)."""
    try:
        fd = stream.fileno()
    except (AttributeError, ValueError, OSError):
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except OSError:
        pass


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


# -- Signals while the organizer answers -------------------------------------------------------


class Hangup(BaseException):
    """The terminal closed (SIGHUP) or oto was asked to stop (SIGTERM) during the questions."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def handling(handlers: dict) -> Iterator[None]:
    """Set these signal handlers (by signal number; None numbers are skipped) for the block, and
    restore the previous ones after it. Off the main thread signals cannot be changed, and need
    not be: they are left alone."""
    import signal

    previous = {}
    for signum, handler in handlers.items():
        if signum is not None:
            try:
                previous[signum] = signal.signal(signum, handler)
            except ValueError:
                pass
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def interruptible(work: Callable[[], Any], *, stopped: Callable[[int], Any]) -> Any:
    """`work()`, or, when Ctrl-C, Ctrl-D, a closed terminal (SIGHUP) or SIGTERM ends it,
    `stopped(status)`: 130 for Ctrl-C, 1 for Ctrl-D, 128 + the signal's number for a signal.

    It stops once: a closed terminal sends SIGHUP just after the end-of-file it causes, and a
    second stop must not cut short what `stopped` does.
    """
    import signal

    stopping = []

    def stop(signum, frame):
        if not stopping:
            stopping.append(signum)
            raise Hangup(signum)

    with handling({getattr(signal, "SIGHUP", None): stop, signal.SIGTERM: stop}):
        try:
            return work()
        except (KeyboardInterrupt, EOFError, Hangup) as ended:
            stopping.append(ended)  # first, before any call lets a pending signal handler run
            status = 130 if isinstance(ended, KeyboardInterrupt) else 1 if isinstance(ended, EOFError) else 128 + ended.signum
            return stopped(status)


def prepare_streams() -> None:
    """Before Typer prints anything of its own (help, usage errors): under an encoding that
    lacks some letters, write `?` for them instead of failing."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None and _fit("\u00e9\u2500", stream) != "\u00e9\u2500":
                stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass


def silence_output() -> None:
    """stdout failed outside a command (help text): send what is still buffered to /dev/null."""
    _silence(sys.stdout)
