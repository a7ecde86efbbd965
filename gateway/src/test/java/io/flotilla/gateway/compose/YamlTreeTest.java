package io.flotilla.gateway.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.model.InvalidSpecException;
import org.junit.jupiter.api.Test;

class YamlTreeTest {

  @Test
  void scalarsKeepTheirSpelling_nullsAreNull() {
    JsonNode tree = YamlTree.read("a: 1.10\nb: yes\nc: 0x1F\nd: ~\ne:\nf: ''\ng: !!str 12\nh: \"8080:80\"\n");

    assertThat(tree.get("a").textValue()).isEqualTo("1.10");
    assertThat(tree.get("b").textValue()).isEqualTo("yes");
    assertThat(tree.get("c").textValue()).isEqualTo("0x1F");
    assertThat(tree.get("d").isNull()).isTrue();
    assertThat(tree.get("e").isNull()).isTrue();
    assertThat(tree.get("f").textValue()).isEmpty();
    assertThat(tree.get("g").textValue()).isEqualTo("12");
    assertThat(tree.get("h").textValue()).isEqualTo("8080:80");
  }

  @Test
  void aliasesResolve_includingScalarOnes() {
    JsonNode tree = YamlTree.read("img: &img web:1\nlist: &l [a, b]\nx: *img\ny: *l\n");

    assertThat(tree.get("x").textValue()).isEqualTo("web:1");
    assertThat(tree.get("y")).hasSize(2);
  }

  @Test
  void mergeKeys_ownKeysWin_firstMergedMappingWins() {
    JsonNode tree = YamlTree.read("""
        a: &a {image: a, replicas: 1, only_a: x}
        b: &b {image: b, replicas: 2, only_b: y}
        c:
          image: c
          <<: [*a, *b]
        """);

    assertThat(tree.get("c").get("image").textValue()).isEqualTo("c");
    assertThat(tree.get("c").get("replicas").textValue()).isEqualTo("1");
    assertThat(tree.get("c").get("only_a").textValue()).isEqualTo("x");
    assertThat(tree.get("c").get("only_b").textValue()).isEqualTo("y");
  }

  @Test
  void duplicateKeys_selfReferencingAliases_andUndefinedAliases_areErrors() {
    assertThatThrownBy(() -> YamlTree.read("a: 1\nb: 2\na: 3\n")).isInstanceOf(InvalidSpecException.class)
        .hasMessage("compose: line 3, column 1: key 'a' appears twice in the same mapping");
    assertThatThrownBy(() -> YamlTree.read("a: &a [1, *a]\n")).hasMessageContaining("contains it");
    assertThatThrownBy(() -> YamlTree.read("a: *nope\n")).hasMessageStartingWith("compose: line 1, column 4: ")
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> YamlTree.read("a: 1\n---\nb: 2\n")).hasMessageStartingWith("compose: ");
  }
}
