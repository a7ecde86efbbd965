package io.flotilla.scheduler.api;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Failures;
import io.flotilla.bus.Messages;
import io.flotilla.model.FileKind;
import io.flotilla.model.FileObject;
import io.flotilla.model.FileObjectSpec;
import io.flotilla.model.Ids;
import io.flotilla.scheduler.membership.SecretSeal;
import io.flotilla.scheduler.state.Command;
import io.flotilla.scheduler.state.FileObjectChanges;
import java.time.Instant;
import java.util.Comparator;
import java.util.random.RandomGenerator;

/**
 * Secrets and configs: created and removed through the log, listed and inspected from this
 * manager's state. A secret is sealed here, before it is proposed; no answer carries its content.
 */
public final class FileObjectHandlers {
  private final Endpoints endpoints;
  private final RandomGenerator random;
  private final SecretSeal seal;

  public FileObjectHandlers(Endpoints endpoints, RandomGenerator random, SecretSeal seal) {
    this.endpoints = endpoints;
    this.random = random;
    this.seal = seal;
  }

  public void mount() {
    mount(FileKind.SECRET, Addresses.SECRET_CREATE, Addresses.SECRET_GET, Addresses.SECRET_LIST,
        Addresses.SECRET_REMOVE);
    mount(FileKind.CONFIG, Addresses.CONFIG_CREATE, Addresses.CONFIG_GET, Addresses.CONFIG_LIST,
        Addresses.CONFIG_REMOVE);
  }

  private void mount(FileKind kind, String create, String get, String list, String remove) {
    endpoints.serve(create, message -> endpoints.write(message, new Command.CreateFileObject(
        stored(kind, Endpoints.body(message, Messages.CreateFileObject.class).spec()))));
    endpoints.serve(remove, message -> endpoints.write(message,
        new Command.RemoveFileObject(kind, Endpoints.body(message, Messages.FileObjectRef.class).ref())));
    endpoints.serve(get, message -> {
      String ref = Endpoints.body(message, Messages.FileObjectRef.class).ref();
      FileObjectChanges.find(endpoints.state(), kind, ref).ifPresentOrElse(o -> Bus.reply(message, o.view()),
          () -> message.fail(Failures.NOT_FOUND, "no such " + kind.noun() + ": " + ref));
    });
    endpoints.serve(list, message -> Bus.reply(message, new Messages.FileObjectList(
        endpoints.state().files(kind).values().stream().sorted(Comparator.comparing(FileObject::name))
            .map(FileObject::view).toList())));
  }

  /** The object to propose: checked against the kind's limits, a secret's content sealed. */
  FileObject stored(FileKind kind, FileObjectSpec spec) {
    if (spec == null) {
      throw new io.flotilla.model.InvalidSpecException("name", "is required");
    }
    spec.bytes(kind);
    String data = kind == FileKind.SECRET ? seal.seal(spec.data()) : spec.data();
    // Times and version are the log's to set when the command is applied.
    return new FileObject(Ids.next(random), kind, spec.name(), spec.labels(), data, Instant.EPOCH, Instant.EPOCH, 0);
  }
}
