"""Word clusters learnt from unlabelled text, so the taggers can generalise past the names they saw.

Each word is placed by the words around it (PPMI of its left and right neighbours, reduced by
SVD) and then grouped twice by k-means: a coarse and a fine cluster. A name never seen in the
labelled data still lands in the cluster of names used the same way.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from storyline.ner.features import fold_arabic, turkish_lower

SEED = 20240611
MIN_COUNT = 3
MAX_WORDS = 40000
CONTEXT_WORDS = 2000
DIMENSIONS = 80
SIZES = (64, 512)


def cluster_key(token: str, language: str) -> str:
    """The form a token is clustered and looked up under."""
    return fold_arabic(token) if language == "ar" else turkish_lower(token)


def unlabelled_sentences(bench: Path, language: str) -> Iterator[list[str]]:
    """Tokenised sentences of the public unlabelled text under `bench` for a language: Arabic
    web articles (UnifiedFC) and news articles (SemEval-2022 Task 8) for Arabic, news articles
    for Turkish."""
    from storyline.ner.tagger import tokenize

    paths = [bench / "semeval22t8" / f"{language}.jsonl"]
    if language == "ar":
        paths.append(bench / "unifiedfc" / "claims.jsonl")
    for path in paths:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            texts = record.get("article") or [record.get("text1", ""), record.get("text2", "")]
            for text in texts:
                for tokens in tokenize(text):
                    yield [token.group() for token in tokens]


def cached_clusters(sentences: list[list[str]], language: str) -> dict[str, str]:
    """`learn_clusters`, kept on disk under the stance cache's root by a hash of the input."""
    from storyline.stance.embed import cache_dir

    text = "\n".join(" ".join(tokens) for tokens in sentences)
    key = hashlib.sha1(f"{language}|{SIZES}|{DIMENSIONS}|{text}".encode()).hexdigest()
    path = cache_dir().parent / "ner" / f"clusters-{key}.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    clusters = learn_clusters(sentences, language)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(clusters, ensure_ascii=False), encoding="utf-8")
    return clusters


def learn_clusters(sentences: Iterable[list[str]], language: str) -> dict[str, str]:
    """word -> 'coarse.fine' cluster names, for words seen at least MIN_COUNT times."""
    from scipy.sparse import coo_matrix
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD

    keyed = [[cluster_key(token, language) for token in tokens] for tokens in sentences]
    counts = Counter(word for words in keyed for word in words)
    vocabulary = [w for w, n in counts.most_common(MAX_WORDS) if n >= MIN_COUNT]
    index = {word: i for i, word in enumerate(vocabulary)}
    rows, columns = [], []
    for words in keyed:
        ids = [index.get(word, -1) for word in words]
        for position, word_id in enumerate(ids):
            if word_id < 0:
                continue
            # Four context slots (two left, two right); only the commonest words are contexts.
            for slot, offset in enumerate((-2, -1, 1, 2)):
                j = position + offset
                context = ids[j] if 0 <= j < len(ids) else -1
                if 0 <= context < CONTEXT_WORDS:
                    rows.append(word_id)
                    columns.append(slot * CONTEXT_WORDS + context)
    shape = (len(vocabulary), 4 * CONTEXT_WORDS)
    data = np.ones(len(rows), dtype=np.float64)
    matrix = coo_matrix((data, (rows, columns)), shape=shape).tocsr()
    matrix.sum_duplicates()
    total = matrix.sum()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    column_sums = np.asarray(matrix.sum(axis=0)).ravel()
    coo = matrix.tocoo()
    pmi = np.log(coo.data * total / (row_sums[coo.row] * column_sums[coo.col] + 1e-12))
    ppmi = coo_matrix((np.maximum(pmi, 0), (coo.row, coo.col)), shape=shape).tocsr()
    vectors = TruncatedSVD(DIMENSIONS, random_state=SEED).fit_transform(ppmi)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12
    labels = [
        MiniBatchKMeans(size, random_state=SEED, n_init=3, batch_size=4096).fit_predict(vectors)
        for size in SIZES
    ]
    return {
        word: ".".join(str(int(label[i])) for label in labels) for i, word in enumerate(vocabulary)
    }
