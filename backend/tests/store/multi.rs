//! Appends over several streams in one commit: all parts or none, each at its own expected version.

use mamori::store::{AppendError, ExpectedVersion};

use crate::helpers::{assert_intact, numbered, read_stream, stream, TestDb};

both!(
    every_part_is_written_in_one_commit,
    a_conflicting_part_writes_nothing,
    a_condition_checks_a_version_without_writing,
    a_retried_commit_writes_nothing_twice,
    racing_commits_on_a_shared_stream_have_one_winner,
);

async fn every_part_is_written_in_one_commit(db: &TestDb) {
    let store = db.store().await;
    let outcomes = store
        .append_all(vec![
            (stream("person-1"), ExpectedVersion::NoStream, numbered(2)),
            (stream("login-sato"), ExpectedVersion::NoStream, numbered(1)),
        ])
        .await
        .expect("commit");
    assert_eq!(outcomes.len(), 2);
    assert_eq!(
        (outcomes[0].first_position, outcomes[0].last_position),
        (1, 2)
    );
    assert_eq!(
        (outcomes[1].first_position, outcomes[1].last_position),
        (3, 3)
    );
    assert_eq!(outcomes[0].stream_version, 2);
    assert_eq!(outcomes[1].stream_version, 1);
    assert_intact(&store, 3).await;
}

async fn a_conflicting_part_writes_nothing(db: &TestDb) {
    let store = db.store().await;
    store
        .append(
            &stream("login-sato"),
            ExpectedVersion::NoStream,
            numbered(1),
        )
        .await
        .expect("the first reservation");
    let refused = store
        .append_all(vec![
            (stream("person-2"), ExpectedVersion::NoStream, numbered(1)),
            (stream("login-sato"), ExpectedVersion::NoStream, numbered(1)),
        ])
        .await;
    match refused {
        Err(AppendError::Conflict { stream, actual, .. }) => {
            assert_eq!((stream.as_str(), actual), ("login-sato", 1));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(db.count().await, 1, "the person's part was not written");
    assert!(read_stream(&store, &stream("person-2"), 0).await.is_empty());
    // The next commit chains on the last written event: nothing of the refused one is in between.
    store
        .append(&stream("other"), ExpectedVersion::Any, numbered(1))
        .await
        .expect("append");
    assert_intact(&store, 2).await;
}

async fn a_condition_checks_a_version_without_writing(db: &TestDb) {
    let store = db.store().await;
    let scheme = stream("classification-scheme");
    store
        .append(&scheme, ExpectedVersion::NoStream, numbered(1))
        .await
        .expect("adopt");
    let ok = store
        .append_all(vec![
            (stream("asset-1"), ExpectedVersion::NoStream, numbered(1)),
            (scheme.clone(), ExpectedVersion::Exact(1), Vec::new()),
        ])
        .await
        .expect("the scheme is at the version the decision was taken on");
    assert_eq!(ok[1].stream_version, 1);
    assert_eq!(
        ok[1].last_position, 2,
        "a condition reports the commit's position"
    );
    assert_eq!(read_stream(&store, &scheme, 0).await.len(), 1);
    // Another adoption meanwhile: a decision taken on the old scheme is refused whole.
    store
        .append(&scheme, ExpectedVersion::Exact(1), numbered(1))
        .await
        .expect("adopt again");
    let stale = store
        .append_all(vec![
            (stream("asset-2"), ExpectedVersion::NoStream, numbered(1)),
            (scheme.clone(), ExpectedVersion::Exact(1), Vec::new()),
        ])
        .await;
    assert!(
        matches!(stale, Err(AppendError::Conflict { .. })),
        "{stale:?}"
    );
    assert_eq!(db.count().await, 3);
    // A commit of conditions only has nothing to write.
    let empty = store
        .append_all(vec![(scheme, ExpectedVersion::Exact(2), Vec::new())])
        .await;
    assert!(matches!(empty, Err(AppendError::EmptyBatch)), "{empty:?}");
}

async fn a_retried_commit_writes_nothing_twice(db: &TestDb) {
    let store = db.store().await;
    let commit = vec![
        (stream("a"), ExpectedVersion::NoStream, numbered(2)),
        (stream("b"), ExpectedVersion::NoStream, numbered(1)),
    ];
    let first = store.append_all(commit.clone()).await.expect("commit");
    // The same events again (a client's retry): the same answer, nothing written.
    let again = store.append_all(commit.clone()).await.expect("retry");
    assert_eq!(first, again);
    assert_eq!(db.count().await, 3);
    // Part of it again, with a new part: not the same commit.
    let mixed = vec![
        commit[0].clone(),
        (stream("c"), ExpectedVersion::NoStream, numbered(1)),
    ];
    assert!(matches!(
        store.append_all(mixed).await,
        Err(AppendError::IdempotencyMismatch { .. })
    ));
    assert_eq!(db.count().await, 3);
}

async fn racing_commits_on_a_shared_stream_have_one_winner(db: &TestDb) {
    let store = db.store().await;
    let racers: Vec<_> = (0..8)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .append_all(vec![
                        (
                            stream(&format!("person-{n}")),
                            ExpectedVersion::NoStream,
                            numbered(1),
                        ),
                        (
                            stream("login-shared"),
                            ExpectedVersion::NoStream,
                            numbered(1),
                        ),
                    ])
                    .await
            })
        })
        .collect();
    let mut won = 0;
    for racer in racers {
        match racer.await.expect("task") {
            Ok(_) => won += 1,
            Err(AppendError::Conflict { stream, .. }) => {
                assert_eq!(stream.as_str(), "login-shared")
            }
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(won, 1);
    assert_eq!(db.count().await, 2, "only the winner's two events");
    assert_intact(&store, 2).await;
}
