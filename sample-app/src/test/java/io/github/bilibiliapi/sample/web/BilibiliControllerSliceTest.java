package io.github.bilibiliapi.sample.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.github.bilibiliapi.test.spring.AutoConfigureFakeBilibili;
import io.github.bilibiliapi.test.spring.FakeBilibili;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** A {@code @WebMvcTest} slice with {@link AutoConfigureFakeBilibili}: the controller alone, against the fake. */
@WebMvcTest(controllers = BilibiliController.class, properties = "bilibili.web.problem-details.enabled=true")
@AutoConfigureFakeBilibili
class BilibiliControllerSliceTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    FakeBilibili bilibili;

    @Test
    void theControllerAnswersFromTheFakeAndFailuresAreProblemDetails() throws Exception {
        MvcResult ok = mvc.perform(get("/api/users/2")).andExpect(request().asyncStarted()).andReturn();
        mvc.perform(asyncDispatch(ok)).andExpect(status().isOk()).andExpect(jsonPath("$.name").value("碧诗"));

        bilibili.missingUser(99);
        MvcResult missing = mvc.perform(get("/api/users/99")).andExpect(request().asyncStarted()).andReturn();
        mvc.perform(asyncDispatch(missing)).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.biliCode").value(-404));
    }
}
