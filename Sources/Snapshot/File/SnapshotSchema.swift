/// The snapshot file's tables (DESIGN.md, "Snapshots": their names and columns are the
/// contract people query), cogsh's own bookkeeping while a snapshot is taken, and the
/// indexes and views that make the usual questions cheap.
enum SnapshotSchema {
    /// `meta.format` of the files this version writes and reads.
    static let format = "cogsh-snapshot 1"

    static let tables = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE users(username TEXT PRIMARY KEY, sub TEXT, status TEXT, enabled INTEGER,
                           created REAL, modified REAL, mfa TEXT);
        CREATE TABLE attributes(username TEXT NOT NULL, name TEXT NOT NULL, value TEXT,
                                PRIMARY KEY(username, name));
        CREATE TABLE groups(name TEXT PRIMARY KEY, description TEXT, precedence INTEGER, role_arn TEXT);
        CREATE TABLE memberships(username TEXT NOT NULL, group_name TEXT NOT NULL, PRIMARY KEY(username, group_name));
        CREATE TABLE config(kind TEXT NOT NULL, name TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY(kind, name));
        CREATE TABLE restored_subs(pool_id TEXT NOT NULL, username TEXT NOT NULL, new_username TEXT,
                                   old_sub TEXT, new_sub TEXT, PRIMARY KEY(pool_id, username));
        """

    /// While taking: each shard's and group's last page token, and which users' details
    /// (AdminGetUser) are in. A crash leaves them consistent with the rows they describe.
    static let progress = """
        CREATE TABLE progress(kind TEXT NOT NULL, name TEXT NOT NULL, token TEXT,
                              done INTEGER NOT NULL DEFAULT 0, pages INTEGER NOT NULL DEFAULT 0,
                              PRIMARY KEY(kind, name));
        CREATE TABLE details_taken(username TEXT PRIMARY KEY);
        """

    static let indexes = """
        CREATE INDEX users_sub ON users(sub);
        CREATE INDEX users_status ON users(status, enabled);
        CREATE INDEX attributes_by_value ON attributes(name, value);
        CREATE INDEX attributes_email_folded ON attributes(lower(value)) WHERE name = 'email';
        CREATE INDEX memberships_by_group ON memberships(group_name, username);
        """

    /// One row per user with the standard attributes people ask about as columns, and
    /// the user's groups; custom attributes stay in `attributes` (their names vary).
    static let views = """
        CREATE VIEW user_attributes AS
        SELECT u.username, u.sub, u.status, u.enabled,
               datetime(u.created, 'unixepoch') AS created_at, datetime(u.modified, 'unixepoch') AS modified_at,
               (SELECT value FROM attributes a WHERE a.username = u.username AND a.name = 'email') AS email,
               (SELECT value FROM attributes a WHERE a.username = u.username AND a.name = 'email_verified') AS email_verified,
               (SELECT value FROM attributes a WHERE a.username = u.username AND a.name = 'phone_number') AS phone_number,
               (SELECT value FROM attributes a WHERE a.username = u.username AND a.name = 'phone_number_verified')
                   AS phone_number_verified,
               (SELECT value FROM attributes a WHERE a.username = u.username AND a.name = 'name') AS name,
               (SELECT value FROM attributes a WHERE a.username = u.username AND a.name = 'given_name') AS given_name,
               (SELECT value FROM attributes a WHERE a.username = u.username AND a.name = 'family_name') AS family_name,
               (SELECT value FROM attributes a WHERE a.username = u.username AND a.name = 'preferred_username')
                   AS preferred_username,
               (SELECT group_concat(group_name, ',') FROM
                   (SELECT group_name FROM memberships m WHERE m.username = u.username ORDER BY group_name)) AS groups
        FROM users u;
        """

    static var all: String { tables + progress + indexes + views }
}
