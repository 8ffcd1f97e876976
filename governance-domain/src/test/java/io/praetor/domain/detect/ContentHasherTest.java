package io.praetor.domain.detect;

import static io.praetor.testkit.fixtures.Fixtures.aResource;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.inventory.Resource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentHasherTest {

    @Test
    void keyOrder_sourceVersionAndObservedTime_doNotChangeTheHash() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1L);
        ab.put("b", Map.of("x", true));
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", Map.of("x", true));
        ba.put("a", 1L);
        Resource one = aResource().withProperty("p", ab).withTag("t1", "v").withTag("t2", "w").build();
        Resource two = aResource().withProperty("p", ba).withTag("t2", "w").withTag("t1", "v")
                .withSource("aws-config").withVersion(7).observedAt(Instant.parse("2030-01-01T00:00:00Z")).build();

        assertThat(ContentHasher.hash(one)).hasSize(64).isEqualTo(ContentHasher.hash(two));
    }

    @Test
    void anyContentChange_changesTheHash() {
        String base = ContentHasher.hash(aResource().withProperty("n", 1L).build());

        assertThat(ContentHasher.hash(aResource().withProperty("n", 2L).build())).isNotEqualTo(base);
        assertThat(ContentHasher.hash(aResource().withProperty("n", 1.0).build())).isNotEqualTo(base);
        assertThat(ContentHasher.hash(aResource().withProperty("n", "1").build())).isNotEqualTo(base);
        assertThat(ContentHasher.hash(aResource().withProperty("n", 1L).withTag("k", "").build())).isNotEqualTo(base);
        assertThat(ContentHasher.hash(aResource().withProperty("n", 1L).withRegion("eu-west-1").build()))
                .isNotEqualTo(base);
        assertThat(ContentHasher.hash(aResource().withProperty("n", 1L).withName("other").build())).isNotEqualTo(base);
    }
}
