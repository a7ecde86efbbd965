package io.flotilla.model;

/**
 * A secret or a config a service's tasks see as a file: {@code source} names it, {@code target}
 * is the file's name or path in the container (for a secret, a name under {@code /run/secrets};
 * for a config, a path, by default {@code /SOURCE}), owned by {@code uid}:{@code gid} with the
 * permission bits {@code mode}, as in Swarm. Null target, uid, gid and mode take Swarm's
 * defaults when the task is made (the source's name, 0, 0, 0444).
 */
public record FileReference(String source, String target, String uid, String gid, Integer mode) {

  public FileReference {
    Check.required("source", source);
    Check.that(uid == null || uid.strip().matches("\\d{1,9}"), "uid", "must be a numeric user id, not '" + uid + "'");
    Check.that(gid == null || gid.strip().matches("\\d{1,9}"), "gid", "must be a numeric group id, not '" + gid + "'");
    Check.that(mode == null || (mode >= 0 && mode <= 0777), "mode",
        "must be permission bits between 0000 and 0777, not " + (mode == null ? "" : Integer.toOctalString(mode)));
  }

  public static FileReference of(String source) {
    return new FileReference(source, null, null, null, null);
  }
}
