package io.flotilla.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.model.FileReference;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's --secret and --config syntax, and how --secret-add/--secret-rm change a service's list. */
class FileReferenceOptionsTest {
  @Test
  void aBareName_isTheSourceWithSwarmsDefaults() {
    assertThat(FileReferenceOptions.parse("--secret", "db")).isEqualTo(FileReference.of("db"));
  }

  @Test
  void theLongForm_takesTargetOwnerAndAnOctalMode() {
    assertThat(FileReferenceOptions.parse("--secret", "source=db,target=pw,uid=1000,gid=1001,mode=0400"))
        .isEqualTo(new FileReference("db", "pw", "1000", "1001", 0400));
    assertThat(FileReferenceOptions.parse("--config", "src=conf,target=/etc/app.conf"))
        .isEqualTo(new FileReference("conf", "/etc/app.conf", null, null, null));
  }

  @Test
  void mistakes_nameTheOptionAndWhatIsWrong() {
    assertThatThrownBy(() -> FileReferenceOptions.parse("--secret", "source=db,mode=rw"))
        .hasMessage("--secret: mode must be octal permission bits such as 0400, not 'rw'");
    assertThatThrownBy(() -> FileReferenceOptions.parse("--secret", "source=db,owner=me"))
        .hasMessageStartingWith("--secret: unknown key 'owner'");
    assertThatThrownBy(() -> FileReferenceOptions.parse("--secret", "target=pw"))
        .hasMessage("--secret: source: is required");
    assertThatThrownBy(() -> FileReferenceOptions.parse("--secret", "source=db,uid=root"))
        .hasMessageStartingWith("--secret: uid: must be a numeric user id");
  }

  @Test
  void anUpdate_removesFirst_thenAdds_replacingTheSameSourceAndTarget() {
    List<FileReference> old = List.of(FileReference.of("a"), FileReference.of("b"),
        new FileReference("c", "x", null, null, null));

    List<FileReference> changed = FileReferenceOptions.changed(old, List.of("b"),
        List.of(new FileReference("c", "x", "1", "1", 0400), FileReference.of("d")));

    assertThat(changed).containsExactly(FileReference.of("a"), new FileReference("c", "x", "1", "1", 0400),
        FileReference.of("d"));
  }
}
