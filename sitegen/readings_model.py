"""The ``model`` layer: g2pM's BiLSTM polyphone classifier, re-run batched in numpy.

g2pM (Park & Lee 2020, Apache-2.0) ships its trained weights inside its wheel (``np_ckpt.pkl``
and the vocabularies beside it), so nothing is downloaded. Its own ``G2pM.__call__`` runs one
sentence at a time in float64 (≈250 sentences/s); here the same network runs over padded batches
in float32, and only for the characters the dictionary layers left open. Its output is restricted
to the readings the character can actually have (the engine passes them), which g2pM itself does
not do.

Results are cached by (sentence, position): a paragraph read twice (both scripts, rebuilds in
one process) costs nothing the second time.
"""

from __future__ import annotations

import importlib.util
import math
import os
import pickle
from functools import lru_cache

from .readings_syllables import split_tone

BOS, EOS, UNK = "시", "끝", "<UNK>"
# OpenBLAS multithreads a GEMM above m·n·k = 262144; its spinning threads slow a shared machine
# down badly, so every product here stays below that: batches of 64 sentences against the
# 32-wide recurrent weights, the input projection folded into a per-character table.
BATCH = 64
FC_ROWS = 8
CACHE_LIMIT = 200_000


def _load(name: str):
    spec = importlib.util.find_spec("g2pM")
    if spec is None or spec.origin is None:
        raise RuntimeError("the g2pM package (which ships the model weights) is not installed")
    with open(os.path.join(os.path.dirname(spec.origin), name), "rb") as f:
        return pickle.load(f)


@lru_cache(maxsize=4096)
def class_name(syllable: str) -> str:
    """g2pM's label for a tone-marked syllable: 'zhong4', 'lu:4', 'de5'."""
    base, tone = split_tone(syllable)
    return f"{base.replace('ü', 'u:')}{tone}"


class ContextModel:
    def __init__(self) -> None:
        import numpy as np

        self.np = np
        state = _load("np_ckpt.pkl")
        self.char2idx: dict[str, int] = _load("char2idx.pkl")
        self.class2idx: dict[str, int] = _load("class2idx.pkl")
        f32 = lambda k: np.asarray(state[k], dtype=np.float32)  # noqa: E731
        self.embeddings = f32("embedding.weight")
        # both directions side by side: input weights [2, embedding, 4h] and both biases summed
        # [2, 1, 4h], recurrent weights [2, h, 4h]
        self.w_ih = np.stack([f32("lstm.weight_ih_l0").T, f32("lstm.weight_ih_l0_reverse").T])
        self.bias = np.stack([f32(f"lstm.bias_ih_l0{s}") + f32(f"lstm.bias_hh_l0{s}") for s in ("", "_reverse")])[:, None]
        self.w_hh = np.ascontiguousarray(np.stack([f32("lstm.weight_hh_l0").T, f32("lstm.weight_hh_l0_reverse").T]))
        # per character, its input gates (embedding @ W_ih + biases), worked out the first time
        # it is met: a build that reads one article meets a few hundred of the 5,398 characters
        self.gate_tables = np.zeros((2, len(self.embeddings), self.w_ih.shape[2]), dtype=np.float32)
        self._known_rows = np.zeros(len(self.embeddings), dtype=bool)
        self._directions = np.arange(2)[:, None, None]
        self.w0, self.b0 = f32("logit_layer.0.weight").T, f32("logit_layer.0.bias")
        self.w1, self.b1 = f32("logit_layer.2.weight").T, f32("logit_layer.2.bias")
        self.hidden = self.w_hh.shape[1]
        self._cache: dict[tuple[str, int], object] = {}
        # the characters g2pM was trained to disambiguate (its digest of CC-CEDICT, >1 reading)
        self._digest: dict[str, list[str]] = _load("digest_cedict.pkl")
        self.polyphones = frozenset(c for c, prons in self._digest.items() if len(prons) > 1)

    def readings_of(self, char: str) -> list[str]:
        """g2pM's readings of a character (its digest of CC-CEDICT), tone-marked."""
        from .readings_syllables import normalise_syllable

        out = []
        for label in self._digest.get(char, ()):
            try:
                out.append(normalise_syllable(label))
            except ValueError:
                pass
        return out

    def is_polyphone(self, char: str) -> bool:
        return char in self.polyphones

    def knows(self, syllable: str) -> bool:
        return class_name(syllable) in self.class2idx

    def _ids(self, sentence: str) -> list[int]:
        unk = self.char2idx[UNK]
        return [self.char2idx[BOS]] + [self.char2idx.get(c, unk) for c in sentence] + [self.char2idx[EOS]]

    def _run(self, ids_batch: list[list[int]], positions: list[list[int]]):
        """Logits [n, classes] for each (sentence, position) pair, positions 0-based in the sentence."""
        np = self.np
        lengths = np.array([len(ids) for ids in ids_batch])
        b, t = len(ids_batch), int(lengths.max())
        ids = np.zeros((2, b, t), dtype=np.int64)  # each sentence forwards, and backwards
        for k, sentence in enumerate(ids_batch):
            ids[0, k, : len(sentence)] = sentence
            ids[1, k, : len(sentence)] = sentence[::-1]
        self._fill_gate_rows(ids)
        fw_h, bw_h = self._lstm(self.gate_tables[self._directions, ids], self.w_hh)  # 2 × [b, t, h]
        rows, fw_cols, bw_cols = [], [], []
        for k, pos in enumerate(positions):
            for p in pos:
                rows.append(k)
                fw_cols.append(p + 1)  # +1 for BOS
                bw_cols.append(int(lengths[k]) - 2 - p)
        rows = np.array(rows)
        hidden = np.concatenate([fw_h[rows, np.array(fw_cols)], bw_h[rows, np.array(bw_cols)]], axis=1)
        out = []
        for k in range(0, len(hidden), FC_ROWS):
            h = np.maximum(hidden[k : k + FC_ROWS] @ self.w0 + self.b0, 0)
            out.append(h @ self.w1 + self.b1)
        return np.concatenate(out)

    def _fill_gate_rows(self, ids) -> None:
        """The gate table's rows for these character ids, where not worked out yet (16 rows per
        product: see BATCH)."""
        np = self.np
        met = np.zeros(len(self._known_rows), dtype=bool)
        met[ids[0]] = True
        new = np.flatnonzero(met & ~self._known_rows)  # (np.unique would import numpy.ma: 15 ms)
        for k in range(0, len(new), 16):
            rows = new[k : k + 16]
            self.gate_tables[:, rows] = self.embeddings[rows] @ self.w_ih + self.bias
        self._known_rows[new] = True

    def _lstm(self, gates_x, w_hh):
        """Hidden states [d, b, t, h] from the input gates [d, b, t, 4h] of d directions run side by
        side (PyTorch gate order i, f, g, o); w_hh is [d, h, 4h]. Both directions in one set of
        numpy calls per step: the calls, not the arithmetic, are what a step costs."""
        np = self.np
        d, b, t, _ = gates_x.shape
        n = self.hidden
        h = np.zeros((d, b, n), dtype=np.float32)
        c = np.zeros_like(h)
        out = np.empty((d, b, t, n), dtype=np.float32)
        gates = np.empty((d, b, 4 * n), dtype=np.float32)
        for step in range(t):
            np.matmul(h, w_hh, out=gates)
            gates += gates_x[:, :, step]
            cell = np.tanh(gates[..., 2 * n : 3 * n])
            np.negative(gates, out=gates)  # one sigmoid over all four gates
            np.exp(gates, out=gates)
            gates += 1
            np.reciprocal(gates, out=gates)
            c = gates[..., n : 2 * n] * c + gates[..., :n] * cell
            h = gates[..., 3 * n :] * np.tanh(c)
            out[:, :, step] = h
        return out

    def logits(self, requests: list[tuple[str, list[int]]]) -> list[list[object]]:
        """For each (sentence, positions) the logits vector of every position (cached)."""
        todo: dict[str, set[int]] = {}
        for sentence, positions in requests:
            for p in positions:
                if (sentence, p) not in self._cache:
                    todo.setdefault(sentence, set()).add(p)
        if todo:
            if len(self._cache) > CACHE_LIMIT:
                self._cache.clear()
            items = sorted(todo.items(), key=lambda kv: len(kv[0]))
            for start in range(0, len(items), BATCH):
                chunk = items[start : start + BATCH]
                sentences = [s for s, _ in chunk]
                positions = [sorted(p) for _, p in chunk]
                result = self._run([self._ids(s) for s in sentences], positions)
                k = 0
                for sentence, pos in zip(sentences, positions):
                    for p in pos:
                        self._cache[(sentence, p)] = result[k]
                        k += 1
        return [[self._cache[(sentence, p)] for p in positions] for sentence, positions in requests]

    def choose(self, logits, candidates: list[str]) -> tuple[str, float] | None:
        """The most likely candidate and its probability among the candidates; None if none is known."""
        known = [(s, i) for s in candidates if (i := self.class2idx.get(class_name(s))) is not None]
        if not known:
            return None
        scores = [float(logits[i]) for _, i in known]  # a handful: plain floats beat numpy here
        top = max(scores)
        weights = [math.exp(x - top) for x in scores]
        best = scores.index(top)
        return known[best][0], weights[best] / sum(weights)


@lru_cache(maxsize=1)
def context_model() -> ContextModel:
    return ContextModel()
