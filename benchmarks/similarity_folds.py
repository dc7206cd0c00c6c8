"""ECB+ story clustering with the learned similarity, cross-validated by topic.

For each of the training folds (`similarity_train.assign_folds`: ECB+ topics, SemEval pairs),
a model is fitted without that fold. All documents are then placed online in the eval's shuffled
order, each arriving document judged by the model of its own fold (which never saw its topic).
With --separate, each fold's documents are placed on their own instead, which is easier (fewer
distractor topics). This is the honest figure for the stories stage on ECB+ dev, since the
shipped model saw every dev topic.

    STORYLINE_ENCODER=use STORYLINE_EVAL_STORE=/tmp/sim-ecb-use.db \\
        .venv/bin/python benchmarks/similarity_folds.py [--top 2] [--members 8]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
from dataclasses import replace
from pathlib import Path

from storyline.evals.stories import SEED, WORK_STORE_VARIABLE, clustering_scores, read_documents
from storyline.store import open_store
from storyline.stories import similarity_train as training
from storyline.stories.clustering import StoryClusterer
from storyline.stories.similarity import FEATURE_GROUPS, FEATURES, Reading
from storyline.stories.stage import (
    StoreSimilarity,
    clustering_params,
    load_documents,
    place_articles,
    stored_profiles,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=Path("../shared/bench"))
    parser.add_argument("--top", type=int, default=None, help="linkage_top")
    parser.add_argument("--members", type=int, default=None, help="compared_members")
    parser.add_argument("--without", default="", help="a feature group to leave out")
    parser.add_argument(
        "--separate", action="store_true", help="place each fold's documents apart from the rest"
    )
    arguments = parser.parse_args()
    encoder = os.environ.get("STORYLINE_ENCODER", "use")
    features = [f for f in FEATURES if f not in FEATURE_GROUPS.get(arguments.without, ())]
    dataset = training.load_dataset(arguments.bench, encoder, progress=False)
    topic_fold = {
        pair.group: int(fold)
        for pair, fold in zip(dataset.pairs, dataset.folds, strict=True)
        if pair.source == "ecb"
    }
    documents = read_documents(arguments.bench / "ecbplus_docs_dev.jsonl")
    order = list(range(len(documents)))
    random.Random(SEED).shuffle(order)
    params = clustering_params()
    if arguments.top:
        params = replace(params, linkage_top=arguments.top)
    if arguments.members:
        params = replace(params, compared_members=arguments.members)
    picked = dataset.rows[:, training.columns(features)]
    with tempfile.TemporaryDirectory() as folder:
        kept = os.environ.get(WORK_STORE_VARIABLE) or str(Path(folder) / "folds.db")
        with open_store(kept) as store:
            ids = load_documents(store, documents)
            with store.transaction():
                store.execute("DELETE FROM story_articles")
                store.execute("DELETE FROM stories")
            models = {}
            for fold in range(training.FOLDS):
                held = dataset.folds == fold
                train = [p for p, h in zip(dataset.pairs, held, strict=True) if not h]
                models[fold] = training.fit(picked[~held], train, features, encoder)
            fold_of = {ids[i]: topic_fold[documents[i]["topic"]] for i in range(len(ids))}
            stories: dict[str, str] = {}
            if arguments.separate:
                groups = [[ids[i] for i in order if fold_of[ids[i]] == f] for f in models]
            else:
                groups = [[ids[i] for i in order]]
            for number, chosen in enumerate(groups):
                readers = {
                    f: StoreSimilarity(store, Reading(m, slice(None))) for f, m in models.items()
                }

                def same_event(first, second, readers=readers):
                    # The arriving article's fold decides: its model never saw its topic.
                    return readers[fold_of[first.article_id]](first, second)

                clusterer = StoryClusterer(params, same_event)
                for profile in stored_profiles(store, chosen):
                    place_articles(store, clusterer, [profile])
                for article_id, story in clusterer.story_by_article.items():
                    stories[article_id] = f"{number}:{story}"
    predicted = [stories[article_id] for article_id in ids]
    metrics = clustering_scores(documents, predicted)
    metrics.update(
        stories=len(set(predicted)),
        linkage_top=params.linkage_top,
        compared_members=params.compared_members,
        without=arguments.without or None,
        separate=arguments.separate,
    )
    print(json.dumps(metrics, sort_keys=True))


if __name__ == "__main__":
    main()
