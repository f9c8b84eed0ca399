import GRDB

extension Store {
    /// `PRAGMA application_id` of a liaison store: "LIAN". A SQLite file without it is
    /// somebody else's and is never touched.
    static let applicationID: Int32 = 0x4C49_414E

    /// Every schema change, in order. Never edit a shipped migration: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.register("v1: records, workflow history, search", schemaV1)
        migrator.register("v2: export marks, deleted-record indexes", schemaV2)
        migrator.register("v3: a change counter for exports", schemaV3)
        migrator.register("v4: drafts of open forms", schemaV4)
        migrator.register("v5: the officer's language", schemaV5)
        migrator.registerMigration("v6: search folds ta marbuta, alef maqsura and Persian ya and kaf") { db in
            for table in ["contact", "meeting", "grievance", "feedback"] {
                var body = "body"
                for (from, to) in SearchText.sameLetter {
                    body = "replace(\(body), '\(Character(from))', '\(Character(to))')"
                }
                try db.execute(sql: "UPDATE \(table)_fts SET body = \(body)")
            }
        }
        migrator.registerMigration("v7: an index of contacts' names alone") { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE contact_name_fts USING fts5(body, \(fts))")
            for row in try Row.fetchAll(db, sql: """
                SELECT rowid, name, local_name, code_name FROM contact WHERE deleted_at IS NULL
                """) {
                let names = [try Store.value(row, "name") as String, try Store.value(row, "local_name") as String,
                             try Store.value(row, "code_name") as String]
                try db.execute(sql: "INSERT INTO contact_name_fts (rowid, body) VALUES (?, ?)",
                               arguments: [try Store.value(row, "rowid") as Int64, SearchText.fold(names.joined(separator: "\n"))])
            }
        }
        migrator.registerMigration("v8: protected contacts sealed in a vault, and an append-only audit log") { db in
            try db.execute(sql: "ALTER TABLE contact ADD COLUMN sealed BLOB")
            // Bundles chain to their previous one's signed tag manifest.
            try db.execute(sql: "ALTER TABLE export_mark ADD COLUMN tag_manifest_sha256 TEXT")
            // The public key of the vault the contacts are sealed to: a vault file swapped
            // for another is refused rather than sealed to.
            try db.execute(sql: """
                CREATE TABLE vault_binding (
                    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                    public_key BLOB NOT NULL
                )
                """)
            try db.execute(sql: auditSchema)
        }
        migrator.register("v9: bundles imported at base, where records came from, conflicts", importSchema)
        migrator.register("v10: a saved record carries its change number; triggers number the rest", schemaV10)
        migrator.register("v11: provenance rows in the order they came, with an index of their records", schemaV11)
        migrator.register("v12: read indexes set aside during a bulk load", schemaV12)
        return migrator
    }

    /// Base's memory of the bundles it imported: each bundle once per device and sequence;
    /// for each record the newest version from the field, the version its row holds and
    /// the row's stamp when it last held exactly that (so a change at base shows); the
    /// conflicts between the two; records that wait for an earlier bundle.
    static let importSchema = """
        CREATE TABLE imported_bundle (
            id TEXT PRIMARY KEY,
            file_name TEXT NOT NULL,
            device_id TEXT NOT NULL,
            prefix TEXT NOT NULL,
            officer TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            full INTEGER NOT NULL,
            tag_manifest_sha256 TEXT NOT NULL,
            previous_sha256 TEXT,
            signer TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            UNIQUE (device_id, sequence)
        );
        CREATE TABLE provenance (
            kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            field_version TEXT NOT NULL,
            field_deleted_at TEXT,
            content_version TEXT,
            content_line BLOB,
            base_version TEXT,
            bundle_id TEXT NOT NULL REFERENCES imported_bundle(id),
            PRIMARY KEY (kind, record_id)
        ) WITHOUT ROWID;
        CREATE TABLE conflict (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            bundle_id TEXT NOT NULL REFERENCES imported_bundle(id),
            found_at TEXT NOT NULL,
            fields TEXT NOT NULL,
            base_line BLOB NOT NULL,
            base_deleted_at TEXT,
            field_line BLOB,
            field_deleted_at TEXT,
            resolved_at TEXT,
            resolved_by TEXT,
            resolution TEXT
        );
        CREATE UNIQUE INDEX conflict_open ON conflict (kind, record_id) WHERE resolved_at IS NULL;
        CREATE TABLE import_waiting (
            kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            device_id TEXT NOT NULL,
            bundle_id TEXT NOT NULL REFERENCES imported_bundle(id),
            version TEXT NOT NULL,
            line BLOB NOT NULL,
            PRIMARY KEY (kind, record_id)
        ) WITHOUT ROWID;
        """

    private static let meta = """
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        device_id TEXT NOT NULL,
        deleted_at TEXT
        """

    private static let fts = "tokenize = 'unicode61 remove_diacritics 2'"

    static let schemaV1 = """
        CREATE TABLE device_profile (
            singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
            device_id TEXT NOT NULL,
            officer TEXT NOT NULL,
            unit TEXT NOT NULL,
            prefix TEXT NOT NULL,
            acknowledge_days INTEGER NOT NULL,
            resolve_days INTEGER NOT NULL,
            inclusion_target REAL NOT NULL,
            loop_closed_target REAL NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE grievance_sequence (
            year INTEGER PRIMARY KEY,
            last_seq INTEGER NOT NULL
        );

        CREATE TABLE contact (
            id TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            local_name TEXT NOT NULL,
            code_name TEXT NOT NULL,
            role TEXT NOT NULL,
            organisation TEXT NOT NULL,
            community TEXT NOT NULL,
            adm1 TEXT NOT NULL,
            adm2 TEXT NOT NULL,
            phones TEXT NOT NULL,
            handles TEXT NOT NULL,
            languages TEXT NOT NULL,
            gender TEXT NOT NULL,
            age_group TEXT NOT NULL,
            sensitivity TEXT NOT NULL,
            consent TEXT NOT NULL,
            consent_date TEXT,
            consent_scope TEXT,
            notes TEXT NOT NULL,
            sort_name TEXT NOT NULL,
            \(meta)
        );
        CREATE INDEX contact_by_name ON contact(sort_name) WHERE deleted_at IS NULL;
        CREATE INDEX contact_age_group ON contact(id, age_group);
        CREATE INDEX contact_by_update ON contact(updated_at);

        CREATE TABLE meeting (
            id TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            kind TEXT NOT NULL,
            start_utc TEXT NOT NULL,
            start_offset INTEGER NOT NULL,
            start_day TEXT NOT NULL,
            duration_minutes INTEGER,
            place TEXT NOT NULL,
            adm1 TEXT NOT NULL,
            adm2 TEXT NOT NULL,
            latitude REAL,
            longitude REAL,
            languages TEXT NOT NULL,
            interpreter TEXT NOT NULL,
            women INTEGER NOT NULL,
            men INTEGER NOT NULL,
            girls INTEGER NOT NULL,
            boys INTEGER NOT NULL,
            summary TEXT NOT NULL,
            decisions TEXT NOT NULL,
            early_warning INTEGER NOT NULL,
            early_warning_note TEXT NOT NULL,
            \(meta)
        );
        CREATE INDEX meeting_by_start ON meeting(start_utc) WHERE deleted_at IS NULL;
        -- Covers every meeting indicator, so the dashboard reads no meeting rows.
        CREATE INDEX meeting_by_day ON meeting(start_day, kind, place, early_warning, women, men, girls, boys, id)
            WHERE deleted_at IS NULL;
        CREATE INDEX meeting_by_update ON meeting(updated_at);
        CREATE INDEX meeting_deleted ON meeting(id) WHERE deleted_at IS NOT NULL;

        CREATE TABLE meeting_attendee (
            meeting_id TEXT NOT NULL REFERENCES meeting(id),
            contact_id TEXT NOT NULL REFERENCES contact(id),
            position INTEGER NOT NULL,
            role TEXT NOT NULL,
            PRIMARY KEY (meeting_id, contact_id)
        ) WITHOUT ROWID;
        CREATE INDEX attendee_by_contact ON meeting_attendee(contact_id);

        CREATE TABLE follow_up (
            id TEXT NOT NULL PRIMARY KEY,
            meeting_id TEXT NOT NULL REFERENCES meeting(id),
            position INTEGER NOT NULL,
            action TEXT NOT NULL,
            owner TEXT NOT NULL,
            due TEXT,
            done_on TEXT
        );
        CREATE INDEX follow_up_by_meeting ON follow_up(meeting_id, position);
        CREATE INDEX follow_up_open ON follow_up(due) WHERE done_on IS NULL;

        CREATE TABLE grievance (
            id TEXT NOT NULL UNIQUE,
            reference TEXT NOT NULL UNIQUE COLLATE NOCASE,
            raised_on TEXT NOT NULL,
            meeting_id TEXT REFERENCES meeting(id),
            contact_id TEXT REFERENCES contact(id),
            place TEXT NOT NULL,
            adm1 TEXT NOT NULL,
            adm2 TEXT NOT NULL,
            category TEXT NOT NULL,
            sensitive INTEGER NOT NULL,
            severity TEXT NOT NULL,
            description TEXT NOT NULL,
            status TEXT NOT NULL,
            referred_to TEXT NOT NULL,
            acknowledge_by TEXT,
            resolve_by TEXT,
            resolution TEXT NOT NULL,
            rejection_reason TEXT NOT NULL,
            loop_closed_on TEXT,
            loop_closed_how TEXT NOT NULL,
            closed_at TEXT,
            \(meta)
        );
        CREATE INDEX grievance_by_raised ON grievance(raised_on, reference) WHERE deleted_at IS NULL;
        -- Covers every grievance indicator but the early-warning list.
        CREATE INDEX grievance_by_status ON grievance(status, category, severity, acknowledge_by, resolve_by,
            raised_on, closed_at, loop_closed_on) WHERE deleted_at IS NULL;
        CREATE INDEX grievance_by_meeting ON grievance(meeting_id);
        CREATE INDEX grievance_by_contact ON grievance(contact_id);
        CREATE INDEX grievance_by_update ON grievance(updated_at);

        CREATE TABLE grievance_event (
            grievance_id TEXT NOT NULL REFERENCES grievance(id),
            seq INTEGER NOT NULL,
            at TEXT NOT NULL,
            by TEXT NOT NULL,
            from_status TEXT,
            to_status TEXT NOT NULL,
            note TEXT NOT NULL,
            PRIMARY KEY (grievance_id, seq)
        ) WITHOUT ROWID;
        CREATE TRIGGER grievance_event_is_append_only_update BEFORE UPDATE ON grievance_event
        BEGIN SELECT RAISE(ABORT, 'the grievance history is append-only'); END;
        CREATE TRIGGER grievance_event_is_append_only_delete BEFORE DELETE ON grievance_event
        BEGIN SELECT RAISE(ABORT, 'the grievance history is append-only'); END;

        CREATE TABLE feedback (
            id TEXT NOT NULL UNIQUE,
            received_on TEXT NOT NULL,
            meeting_id TEXT REFERENCES meeting(id),
            contact_id TEXT REFERENCES contact(id),
            channel TEXT NOT NULL,
            types TEXT NOT NULL,
            topic TEXT NOT NULL,
            text TEXT NOT NULL,
            language TEXT NOT NULL,
            sentiment INTEGER,
            perceived_safety INTEGER,
            trust INTEGER,
            response TEXT NOT NULL,
            loop_closed_on TEXT,
            \(meta)
        );
        -- Covers the feedback indicators.
        CREATE INDEX feedback_by_received ON feedback(received_on, sentiment, perceived_safety, trust, types)
            WHERE deleted_at IS NULL;
        CREATE INDEX feedback_by_meeting ON feedback(meeting_id);
        CREATE INDEX feedback_by_contact ON feedback(contact_id);
        CREATE INDEX feedback_by_update ON feedback(updated_at);

        CREATE VIRTUAL TABLE contact_fts USING fts5(body, \(fts));
        CREATE VIRTUAL TABLE meeting_fts USING fts5(body, \(fts));
        CREATE VIRTUAL TABLE grievance_fts USING fts5(body, \(fts));
        CREATE VIRTUAL TABLE feedback_fts USING fts5(body, \(fts));
        """

    /// One row per bundle exported from this store: records updated after the newest row's
    /// `up_to` are the changes not yet exported. And indexes of deleted records.
    static let schemaV2 = """
        CREATE TABLE export_mark (
            sequence INTEGER PRIMARY KEY,
            exported_at TEXT NOT NULL,
            up_to TEXT NOT NULL,
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            full INTEGER NOT NULL
        );
        -- Deleted records are few: counting a search's matches subtracts them through these.
        CREATE INDEX contact_deleted ON contact(id) WHERE deleted_at IS NOT NULL;
        CREATE INDEX grievance_deleted ON grievance(id) WHERE deleted_at IS NOT NULL;
        CREATE INDEX feedback_deleted ON feedback(id) WHERE deleted_at IS NOT NULL;
        """

    /// Every insert or update of a record takes the next number of one counter, so that
    /// "changed since the last export" never depends on the device's clock (a clock set
    /// back would otherwise hide edits from every later export). Existing records are
    /// numbered in the order they were last changed.
    static var schemaV3: String {
        var sql = """
            CREATE TABLE change_clock (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), last INTEGER NOT NULL);
            INSERT INTO change_clock (singleton, last) VALUES (1, 0);
            ALTER TABLE export_mark ADD COLUMN up_to_change INTEGER NOT NULL DEFAULT 0;

            """
        for table in RecordKind.allCases.map(\.table) {
            let stamp = """
                UPDATE change_clock SET last = last + 1 WHERE singleton = 1;
                UPDATE \(table) SET change_seq = (SELECT last FROM change_clock WHERE singleton = 1) WHERE rowid = NEW.rowid;
                """
            sql += """
                ALTER TABLE \(table) ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
                UPDATE \(table) SET change_seq = numbered.n + (SELECT last FROM change_clock WHERE singleton = 1)
                    FROM (SELECT rowid AS r, row_number() OVER (ORDER BY updated_at, rowid) AS n FROM \(table)) AS numbered
                    WHERE \(table).rowid = numbered.r;
                UPDATE change_clock SET last = last + (SELECT count(*) FROM \(table)) WHERE singleton = 1;
                CREATE INDEX \(table)_by_change ON \(table)(change_seq);
                CREATE TRIGGER \(table)_inserted AFTER INSERT ON \(table) BEGIN \(stamp) END;
                CREATE TRIGGER \(table)_updated AFTER UPDATE ON \(table) WHEN NEW.change_seq IS OLD.change_seq BEGIN \(stamp) END;

                """
        }
        return sql
    }

    /// The read indexes a bulk load dropped, to be made again when it ends, or at the next
    /// start if it was killed first (`ReadIndexes`); `loader` is the process that dropped
    /// them, 0 when nobody is making them again.
    static let schemaV12 = """
        CREATE TABLE suspended_index (
            name TEXT NOT NULL PRIMARY KEY,
            sql TEXT NOT NULL,
            loader INTEGER NOT NULL
        ) WITHOUT ROWID;
        """

    /// Provenance rows, each holding a record's field version whole, are kept in the
    /// order they came, with an index of the records they are of: in a table ordered by
    /// record id, every import rewrote pages all over the file to hold them.
    static let schemaV11 = """
        CREATE TABLE provenance_by_rowid (
            kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            field_version TEXT NOT NULL,
            field_deleted_at TEXT,
            content_version TEXT,
            content_line BLOB,
            base_version TEXT,
            bundle_id TEXT NOT NULL REFERENCES imported_bundle(id)
        );
        INSERT INTO provenance_by_rowid SELECT kind, record_id, field_version, field_deleted_at, content_version,
            content_line, base_version, bundle_id FROM provenance;
        DROP TABLE provenance;
        ALTER TABLE provenance_by_rowid RENAME TO provenance;
        CREATE UNIQUE INDEX provenance_of_record ON provenance (kind, record_id);

        """

    /// A record saved through the store carries its change number in its own row: a
    /// trigger that numbered it after the insert wrote the whole row a second time. The
    /// triggers still number what is written without one (deletions, restores).
    static var schemaV10: String {
        RecordKind.allCases.map(\.table).map { table in
            """
            DROP TRIGGER IF EXISTS \(table)_inserted;
            CREATE TRIGGER \(table)_inserted AFTER INSERT ON \(table) WHEN NEW.change_seq = 0 BEGIN
                UPDATE change_clock SET last = last + 1 WHERE singleton = 1;
                UPDATE \(table) SET change_seq = (SELECT last FROM change_clock WHERE singleton = 1) WHERE rowid = NEW.rowid;
            END;

            """
        }.joined()
    }

    /// What an officer is typing, saved as they type so that a killed process or a closed
    /// terminal loses nothing. A draft belongs to the running instance that writes it; the
    /// drafts of instances that are gone are offered at the next start.
    /// The language the officer chose for the interface; NULL follows the locale variables.
    static let schemaV5 = """
        ALTER TABLE device_profile ADD COLUMN language TEXT;
        """

    static let schemaV4 = """
        CREATE TABLE draft (
            id TEXT NOT NULL PRIMARY KEY,
            form TEXT NOT NULL,
            record_id TEXT,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            owner TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """
}

extension DatabaseMigrator {
    /// A migration that runs one text of SQL.
    mutating func register(_ identifier: String, _ sql: String) {
        registerMigration(identifier) { try $0.execute(sql: sql) }
    }
}
