-- What a token may do: 'admin' everything, 'read' only reads (GET). Tokens issued before scopes
-- existed were all-powerful, so they become admin.
ALTER TABLE api_tokens ADD COLUMN scope text NOT NULL DEFAULT 'admin' CHECK (scope IN ('admin', 'read'));
