"""Worker processes: articles are annotated and rendered in parallel, each page written by the
process that made it, so that only the small site-wide data travels back.

A build forks one `Helper` as it starts: it loads what annotating needs while the main process
reads the site, then makes the articles to make (about half of their text when there are many:
the main process makes the rest). With more than two processes to use (`--jobs`, the cores), a
large build forks a pool instead, once it knows the work.
"""

from __future__ import annotations

import itertools
import os
import pickle
import queue
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from .annotate import Annotator, load_in_advance
from .cache import PAGE
from .model import AnnotatedArticle, Article, ArticleOutput
from .output import page_path, write_file
from .render import render_article

if TYPE_CHECKING:
    from .build import Caches

MIN_PER_WORKER = 4  # below this many articles per process, starting processes costs more than it saves


def can_fork() -> bool:
    """Where worker processes may be forked (on macOS a forked process may crash in system libraries)."""
    return hasattr(os, "fork") and sys.platform != "darwin"


class Producer:
    """Annotates (or takes from the cache) and renders one article, writes its page and caches
    what it made; runs in worker processes, so only the small site-wide data travels back."""

    def __init__(self, annotator: Annotator, context, caches: Caches, folder: Path | None):
        self.annotator, self.context, self.caches, self.folder = annotator, context, caches, folder

    def __call__(self, item: tuple[Article, str, str, str]) -> tuple[ArticleOutput, bool]:
        """`item`: the article, its annotation's and its output's cache keys, and the key that
        points to the annotation of the article file's latest version (whose unchanged blocks
        are reused)."""
        article, key, output_key, latest_key = item
        annotated = self.caches.annotations.get(key)
        fresh = annotated is None
        if fresh:
            annotated = self.annotator.annotate(article, self.latest_annotation(latest_key))
            self.caches.annotations.put(key, annotated)
            self.caches.annotations.put(latest_key, key)
        output = render_article(annotated, self.context)
        page, output.page = output.page, b""  # the page is kept as a file of its own
        output.page_size = len(page)
        self.caches.outputs.put(output_key, output)
        self.caches.outputs.put_bytes(output_key + PAGE, page)
        if self.folder is not None:
            write_file(self.folder / page_path(output), page)
        else:
            output.page = page
        return output, fresh

    def prepare(self, work: list) -> None:
        """Get ready to make these articles (for many, the dictionaries load whole)."""
        self.annotator.prepare([item[0] for item in work])

    def latest_annotation(self, latest_key: str) -> AnnotatedArticle | None:
        key = self.caches.annotations.get(latest_key, count=False)
        earlier = self.caches.annotations.get(key, count=False) if isinstance(key, str) else None
        return earlier if isinstance(earlier, AnnotatedArticle) else None


def worker_count(jobs: int | None, items: int) -> int:
    """How many processes to make `items` articles in."""
    return min(jobs or os.cpu_count() or 1, max(1, items // MIN_PER_WORKER))


class Making:
    """Articles being annotated and rendered: in a running `helper` (and, when there are many,
    about half of them here); with `parallel`, in worker processes started at once (so the caller
    can do other work meanwhile); otherwise here, as they are iterated over. Iterating gives
    (ArticleOutput, whether it needed annotating) in the order of `work`."""

    def __init__(self, producer: Producer, work: list, jobs: int | None, parallel: bool,
                 helper: Helper | None = None):
        self.pool = None
        if helper is not None:
            mine = first_half(work) if len(work) >= 2 * MIN_PER_WORKER else []
            answers = helper.make(producer, work[len(mine) :])  # sent now, answered meanwhile
            producer.prepare(mine)
            self.results = itertools.chain(map(producer, mine), answers)
        elif parallel and work and jobs != 1:
            import multiprocessing  # (only here: an edit's build does without it)
            from concurrent.futures import ProcessPoolExecutor

            workers = worker_count(jobs, len(work))
            start = "fork" if can_fork() else "spawn"
            self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(start),
                                            initializer=_start_worker, initargs=(producer,))
            self.results = self.pool.map(_produce_in_worker, work, chunksize=2)
        else:
            self.results = map(producer, work)

    def __iter__(self):
        try:
            yield from self.results
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)


def first_half(work: list) -> list:
    """The first items of work that hold about half its text."""
    sizes = [sum(len(block.text) for block in item[0].blocks) for item in work]
    total, running = sum(sizes), 0
    for count, size in enumerate(sizes):
        if running + size > total / 2:
            return work[:count]
        running += size
    return work


_worker: Producer | None = None


def _start_worker(producer: Producer) -> None:
    global _worker
    _worker = producer


def _produce_in_worker(item: tuple[Article, str, str, str]) -> tuple[ArticleOutput, bool]:
    return _worker(item)


class Helper:
    """A worker process forked at once: it loads OpenCC, the dictionaries and the context model
    while this process reads the site, then makes the articles `make` gives it (once). Plain
    pipes and pickles: it needs neither multiprocessing nor concurrent.futures (importing both
    costs an edit's build 10 ms). Forked twice, so that it is nobody's child to wait for."""

    def __init__(self):
        tasks_in, self._tasks = os.pipe()
        self._results, results_out = os.pipe()
        for fd in (self._tasks, results_out):  # room for the work and for answers not yet read
            _widen(fd)
        child = os.fork()
        if child == 0:
            try:
                os.close(self._tasks)
                os.close(self._results)
                _quiet()  # it answers through its pipe; and whoever reads our output must not wait for it
                if os.fork() == 0:
                    _serve(tasks_in, results_out)
            finally:
                os._exit(0)
        os.waitpid(child, 0)
        os.close(tasks_in)
        os.close(results_out)
        self._receive = os.fdopen(self._results, "rb")
        self._answered: queue.SimpleQueue = queue.SimpleQueue()

    def make(self, producer: Producer, work: list):
        """Send the work; iterating gives (ArticleOutput, annotated) for each item, as the helper
        makes them (its errors are raised here). The work (some 100 KB) goes from a thread, which
        then closes the pipe: the helper reads it only once it has loaded, and this process goes on."""
        data = pickle.dumps((producer, work), protocol=pickle.HIGHEST_PROTOCOL)
        tasks, self._tasks = self._tasks, None  # the sender's now
        threading.Thread(target=_send_and_close, args=(tasks, data), daemon=True).start()
        # its answers are read as they come (it would wait on a full pipe while this process works)
        threading.Thread(target=self._read, args=(len(work),), daemon=True).start()
        return self._answers(len(work))

    def _read(self, count: int) -> None:
        try:
            for _ in range(count):
                self._answered.put(pickle.load(self._receive))
        except EOFError:
            self._answered.put((True, RuntimeError("the worker process stopped before it had made every article")))
        except Exception as e:  # closed under us: the build has ended already
            self._answered.put((True, e))

    def _answers(self, count: int):
        for _ in range(count):
            failed, value = self._answered.get()
            if failed:
                raise value
            yield value

    def close(self) -> None:
        """Let it go: at the end of its pipe it exits (it wrote all it made before answering)."""
        if self._tasks is not None:  # never given work
            os.close(self._tasks)
            self._tasks = None
        self._receive.close()


def _quiet() -> None:
    """Standard input and output to /dev/null."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def _widen(fd: int, size: int = 1 << 20) -> None:
    """Make a pipe hold `size` bytes where the system allows (Linux; 64 KB otherwise)."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), size)
    except (ImportError, OSError):
        pass


def _send_and_close(fd: int, data: bytes) -> None:
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError:  # the helper is gone: the answers will say why
        pass
    finally:
        os.close(fd)


def _serve(tasks: int, results: int) -> None:
    """The helper's life: load, then make what comes down the pipe until it closes."""
    try:
        load_in_advance()
    except Exception:  # a missing package, say: the work will meet the same error and report it
        pass
    with os.fdopen(tasks, "rb") as receive, os.fdopen(results, "wb") as send:
        try:
            producer, work = pickle.load(receive)
        except (EOFError, OSError, pickle.UnpicklingError):  # no work after all
            return
        producer.prepare(work)
        for item in work:
            try:
                answer = (False, producer(item))
            except Exception as e:
                answer = (True, e)
            try:
                data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # an error that does not pickle: its text does
                data = pickle.dumps((True, RuntimeError(f"{type(answer[1]).__name__}: {answer[1]}")))
            send.write(data)
            send.flush()
