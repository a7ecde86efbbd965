package io.flotilla.scheduler.state;

import io.flotilla.bus.Messages;
import io.flotilla.model.FileKind;
import io.flotilla.model.FileObject;
import io.flotilla.model.FileReference;
import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceSpec;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How secret and config commands change the state, and the checks of the services that use
 * them. A secret arrives sealed (the manager that took the request sealed it), so the log and
 * the snapshots hold only its ciphertext.
 */
public final class FileObjectChanges {
  private FileObjectChanges() {}

  static Change create(ManagerState state, Command.CreateFileObject c, Instant at) {
    FileObject object = c.object();
    if (object == null) {
      throw new InvalidSpecException("name", "is required");
    }
    if (state.files(object.kind()).values().stream().anyMatch(o -> o.name().equals(object.name()))) {
      throw Rejection.conflict("a " + object.kind().noun() + " named '" + object.name() + "' already exists");
    }
    FileObject stored = new FileObject(object.id(), object.kind(), object.name(), object.labels(), object.data(), at,
        at, 1);
    return new Change(state.withFiles(object.kind(), map -> map.put(stored.id(), stored)), Outcome.ok(stored.view()),
        List.of(event("create", stored, at)));
  }

  static Change remove(ManagerState state, Command.RemoveFileObject c, Instant at) {
    FileObject object = find(state, c.kind(), c.ref())
        .orElseThrow(() -> Rejection.notFound(c.kind().noun(), c.ref()));
    List<String> users = usersOf(state, object);
    if (!users.isEmpty()) {
      throw Rejection.conflict(object.kind().noun() + " " + object.name() + " is in use by service"
          + (users.size() > 1 ? "s " : " ") + String.join(", ", users) + "; remove it from them first");
    }
    return new Change(state.withFiles(object.kind(), map -> map.remove(object.id())), Outcome.ok(object.view()),
        List.of(event("remove", object, at)));
  }

  /** By exact id, exact name, or an unambiguous id prefix, as the docker CLI finds them. */
  public static Optional<FileObject> find(ManagerState state, FileKind kind, String ref) {
    if (ref == null || ref.isEmpty()) {
      return Optional.empty();
    }
    Map<String, FileObject> objects = state.files(kind);
    FileObject byId = objects.get(ref);
    if (byId != null) {
      return Optional.of(byId);
    }
    Optional<FileObject> byName = byName(state, kind, ref);
    if (byName.isPresent()) {
      return byName;
    }
    List<FileObject> byPrefix = objects.values().stream().filter(o -> o.id().startsWith(ref)).toList();
    return byPrefix.size() == 1 ? Optional.of(byPrefix.get(0)) : Optional.empty();
  }

  /** What a service's reference names: a secret or config of that name. */
  public static Optional<FileObject> byName(ManagerState state, FileKind kind, String name) {
    return state.files(kind).values().stream().filter(o -> o.name().equals(name)).findFirst();
  }

  /** The names of the services that use {@code object}, sorted. */
  static List<String> usersOf(ManagerState state, FileObject object) {
    return state.services().values().stream()
        .filter(s -> references(s.spec(), object.kind()).stream().anyMatch(r -> r.source().equals(object.name())))
        .map(Service::name).sorted().toList();
  }

  /**
   * Every secret and config the spec names exists, and no two of its files land on the same
   * path; {@code field} prefixes the field an error names ({@code ""} for a service, {@code
   * services.NAME.} in a stack).
   */
  static void checkReferences(ManagerState state, ServiceSpec spec, String field) {
    Set<String> targets = new HashSet<>();
    for (FileKind kind : FileKind.values()) {
      List<FileReference> refs = references(spec, kind);
      String list = kind == FileKind.SECRET ? "secrets" : "configs";
      for (int i = 0; i < refs.size(); i++) {
        FileReference ref = refs.get(i);
        if (byName(state, kind, ref.source()).isEmpty()) {
          throw new InvalidSpecException(field + list + "[" + i + "].source", "no " + kind.noun() + " named '"
              + ref.source() + "'; create it first with 'flotilla " + kind.noun() + " create " + ref.source()
              + " FILE'");
        }
        if (!targets.add(kind.targetPath(ref))) {
          throw new InvalidSpecException(field + list + "[" + i + "].target", "'" + kind.targetPath(ref)
              + "' is the target of another secret or config of this service");
        }
      }
    }
  }

  static List<FileReference> references(ServiceSpec spec, FileKind kind) {
    return kind == FileKind.SECRET ? spec.secrets() : spec.configs();
  }

  static Messages.Event event(String action, FileObject object, Instant at) {
    return new Messages.Event(object.kind().noun(), action, object.id(), object.name(), Map.of(), at);
  }
}
