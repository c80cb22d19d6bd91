//! SQLite storage: schema, durability settings and every query the server runs.
//!
//! One connection behind a mutex, used from `spawn_blocking`: every request's reads and writes run one after
//! another, so checks such as "name already taken" and "quota reached" and the insert that follows them cannot
//! interleave with another request's. Write transactions are `IMMEDIATE` in case a second process opens the file.
//!
//! Durability: WAL with `synchronous=NORMAL`. A transaction is in the WAL (written to the OS) before the response
//! goes out, so a `kill -9` of the server never loses an acknowledged write; only a power loss or OS crash could
//! lose the last few commits, which a development server can accept.

use rusqlite::{params, Connection, OptionalExtension, Row, TransactionBehavior};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// A failed query; the details go to the log, the client gets a plain 500.
#[derive(Debug)]
pub struct StoreError(String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError(e.to_string())
    }
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS users (
    id         TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL
);
-- A session's organizations are part of the session: each sign-in states them, so two sign-ins as the same user
-- (two tests in parallel, say) never change each other's access.
CREATE TABLE IF NOT EXISTS sessions (
    token_hash       TEXT PRIMARY KEY,
    user_id          TEXT NOT NULL REFERENCES users(id),
    organization_ids TEXT NOT NULL,
    created_at       INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS api_keys (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,
    id                TEXT NOT NULL UNIQUE,
    secret_hash       TEXT NOT NULL UNIQUE,
    subject           TEXT NOT NULL,
    name              TEXT NOT NULL,
    description       TEXT,
    created_by        TEXT NOT NULL,
    expiration        INTEGER,
    revoked           INTEGER NOT NULL DEFAULT 0,
    revocation_reason TEXT,
    last_used_at      INTEGER,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS api_keys_by_subject ON api_keys (subject, seq);
";

/// The columns [`key_from_row`] reads, in its order.
const KEY_COLUMNS: &str = "id, subject, name, description, created_by, expiration, revoked, \
     revocation_reason, last_used_at, created_at, updated_at";

/// SQL condition for "neither revoked nor expired" at time `?now` (a named parameter).
const VALID: &str = "revoked = 0 AND (expiration IS NULL OR expiration > :now)";

/// An API key as stored (without its secret hash).
#[derive(Debug, Clone)]
pub struct KeyRecord {
    pub id: String,
    pub subject: String,
    pub name: String,
    pub description: Option<String>,
    pub created_by: String,
    pub expiration: Option<i64>,
    pub revoked: bool,
    pub revocation_reason: Option<String>,
    pub last_used_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl KeyRecord {
    /// Expiry is a property of the clock, not of the row: computed at read time.
    pub fn expired_at(&self, now: i64) -> bool {
        self.expiration.is_some_and(|e| e <= now)
    }
}

fn key_from_row(row: &Row<'_>) -> rusqlite::Result<KeyRecord> {
    Ok(KeyRecord {
        id: row.get(0)?,
        subject: row.get(1)?,
        name: row.get(2)?,
        description: row.get(3)?,
        created_by: row.get(4)?,
        expiration: row.get(5)?,
        revoked: row.get(6)?,
        revocation_reason: row.get(7)?,
        last_used_at: row.get(8)?,
        created_at: row.get(9)?,
        updated_at: row.get(10)?,
    })
}

/// What a create needs besides the checks.
pub struct NewKey {
    pub id: String,
    pub secret_hash: String,
    pub subject: String,
    pub name: String,
    pub description: Option<String>,
    pub created_by: String,
    pub expiration: Option<i64>,
}

pub enum CreateOutcome {
    Created(KeyRecord),
    /// A valid key of the same subject already has this name.
    NameTaken,
    /// The subject already has `quota` valid keys.
    QuotaExceeded,
}

pub struct ListQuery {
    pub subject: String,
    /// Lower-cased substring to find in names; `None` matches all.
    pub search: Option<String>,
    pub include_invalid: bool,
    pub limit: usize,
    pub offset: usize,
}

pub struct Page {
    pub keys: Vec<KeyRecord>,
    /// All matches, not just this page.
    pub total: usize,
}

pub struct SessionRecord {
    pub user_id: String,
    pub organization_ids: Vec<String>,
}

#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, or an in-memory one for `:memory:`.
    pub fn open(path: &str) -> Result<Store, StoreError> {
        let conn = if path == ":memory:" {
            Connection::open_in_memory()?
        } else {
            Connection::open(Path::new(path))?
        };
        conn.busy_timeout(Duration::from_secs(5))?;
        let _mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.execute_batch(SCHEMA)?;
        Ok(Store {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` on the connection off the async threads.
    async fn call<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        R: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<R> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            // A panic mid-transaction rolls the transaction back when it unwinds, so the connection is still sound.
            let mut guard = conn.lock().unwrap_or_else(PoisonError::into_inner);
            f(&mut guard).map_err(StoreError::from)
        })
        .await
        .map_err(|e| StoreError(format!("database task failed: {e}")))?
    }

    pub async fn create_session(
        &self,
        token_hash: String,
        user_id: String,
        organization_ids: Vec<String>,
        now: i64,
    ) -> Result<(), StoreError> {
        self.call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT OR IGNORE INTO users (id, created_at) VALUES (?1, ?2)",
                params![user_id, now],
            )?;
            tx.execute(
                "INSERT INTO sessions (token_hash, user_id, organization_ids, created_at) \
                 VALUES (?1, ?2, ?3, ?4)",
                params![token_hash, user_id, organization_ids.join(","), now],
            )?;
            tx.commit()
        })
        .await
    }

    pub async fn find_session(
        &self,
        token_hash: String,
    ) -> Result<Option<SessionRecord>, StoreError> {
        self.call(move |conn| {
            conn.query_row(
                "SELECT user_id, organization_ids FROM sessions WHERE token_hash = ?1",
                params![token_hash],
                |row| {
                    let orgs: String = row.get(1)?;
                    Ok(SessionRecord {
                        user_id: row.get(0)?,
                        organization_ids: orgs
                            .split(',')
                            .filter(|s| !s.is_empty())
                            .map(str::to_owned)
                            .collect(),
                    })
                },
            )
            .optional()
        })
        .await
    }

    /// Ends a session; `false` if there was none.
    pub async fn delete_session(&self, token_hash: String) -> Result<bool, StoreError> {
        self.call(move |conn| {
            conn.execute(
                "DELETE FROM sessions WHERE token_hash = ?1",
                params![token_hash],
            )
            .map(|n| n > 0)
        })
        .await
    }

    /// Newest first. The name search runs here in Rust (not SQL `LIKE`) so it is case-insensitive beyond ASCII.
    pub async fn list_keys(&self, query: ListQuery, now: i64) -> Result<Page, StoreError> {
        self.call(move |conn| {
            let sql = format!(
                "SELECT {KEY_COLUMNS} FROM api_keys WHERE subject = :subject AND (:all OR {VALID}) \
                 ORDER BY created_at DESC, seq DESC"
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(
                rusqlite::named_params! {
                    ":subject": query.subject,
                    ":all": query.include_invalid,
                    ":now": now,
                },
                key_from_row,
            )?;
            let mut keys = Vec::new();
            let mut total = 0usize;
            for row in rows {
                let key = row?;
                if let Some(search) = &query.search {
                    if !key.name.to_lowercase().contains(search.as_str()) {
                        continue;
                    }
                }
                if total >= query.offset && keys.len() < query.limit {
                    keys.push(key);
                }
                total += 1;
            }
            Ok(Page { keys, total })
        })
        .await
    }

    /// Checks name and quota and inserts, in one transaction.
    pub async fn create_key(
        &self,
        key: NewKey,
        quota: u32,
        now: i64,
    ) -> Result<CreateOutcome, StoreError> {
        self.call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let taken: bool = tx.query_row(
                &format!(
                    "SELECT EXISTS (SELECT 1 FROM api_keys \
                     WHERE subject = :subject AND name = :name AND {VALID})"
                ),
                rusqlite::named_params! { ":subject": key.subject, ":name": key.name, ":now": now },
                |row| row.get(0),
            )?;
            if taken {
                return Ok(CreateOutcome::NameTaken);
            }
            let valid: i64 = tx.query_row(
                &format!("SELECT COUNT(*) FROM api_keys WHERE subject = :subject AND {VALID}"),
                rusqlite::named_params! { ":subject": key.subject, ":now": now },
                |row| row.get(0),
            )?;
            if valid >= i64::from(quota) {
                return Ok(CreateOutcome::QuotaExceeded);
            }
            tx.execute(
                "INSERT INTO api_keys (id, secret_hash, subject, name, description, created_by, expiration, \
                 created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![
                    key.id,
                    key.secret_hash,
                    key.subject,
                    key.name,
                    key.description,
                    key.created_by,
                    key.expiration,
                    now
                ],
            )?;
            let record = tx.query_row(
                &format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE id = ?1"),
                params![key.id],
                key_from_row,
            )?;
            tx.commit()?;
            Ok(CreateOutcome::Created(record))
        })
        .await
    }

    /// Revokes the key if its subject is one of `subjects`; `None` if there is no such key. A key that is already
    /// revoked is returned unchanged (first reason and time kept), which makes revoke idempotent.
    pub async fn revoke_key(
        &self,
        id: String,
        subjects: Vec<String>,
        reason: Option<String>,
        now: i64,
    ) -> Result<Option<KeyRecord>, StoreError> {
        self.call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let select = format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE id = ?1");
            let Some(key) = tx.query_row(&select, params![id], key_from_row).optional()? else {
                return Ok(None);
            };
            if !subjects.contains(&key.subject) {
                return Ok(None);
            }
            if key.revoked {
                return Ok(Some(key));
            }
            tx.execute(
                "UPDATE api_keys SET revoked = 1, revocation_reason = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, reason, now],
            )?;
            let key = tx.query_row(&select, params![id], key_from_row)?;
            tx.commit()?;
            Ok(Some(key))
        })
        .await
    }

    /// Finds the valid key with this secret hash and records the use; `None` if unknown, revoked or expired.
    pub async fn use_key(
        &self,
        secret_hash: String,
        now: i64,
    ) -> Result<Option<KeyRecord>, StoreError> {
        self.call(move |conn| {
            conn.query_row(
                &format!(
                    "UPDATE api_keys SET last_used_at = :now WHERE secret_hash = :hash AND {VALID} \
                     RETURNING {KEY_COLUMNS}"
                ),
                rusqlite::named_params! { ":hash": secret_hash, ":now": now },
                key_from_row,
            )
            .optional()
        })
        .await
    }
}
