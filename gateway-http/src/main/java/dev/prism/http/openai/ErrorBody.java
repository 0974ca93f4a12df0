package dev.prism.http.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.api.GatewayException;

/** OpenAI's error envelope: {@code {"error":{"message","type","param","code"}}}, all four keys present. */
public final class ErrorBody {
    private ErrorBody() {}

    public static byte[] of(ObjectMapper mapper, GatewayException e) {
        return of(mapper, e.getMessage(), e.kind().openAiType(), e.param(), e.code());
    }

    public static byte[] of(ObjectMapper mapper, String message, String type, String param, String code) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        try {
            return mapper.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
