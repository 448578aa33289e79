import AWSCore

extension CognitoService {
    /// What AWSCore needs to resolve the endpoint and sign for cognito-idp.
    /// `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER` overrides the endpoint.
    public static let serviceDescriptor = ServiceDescriptor(
        signingName: GeneratedModel.signingName,
        endpointPrefix: GeneratedModel.endpointPrefix,
        endpointEnvironmentID: "COGNITO_IDENTITY_PROVIDER",
        targetPrefix: GeneratedModel.targetPrefix)

    /// Validates and encodes the request body without sending it (for `--dry-run` and tests).
    public static func requestBody(_ name: String, params: ParamValue) throws(CognitoValidationError) -> [UInt8] {
        let body = try validate(name, params: params)
        do {
            return try JSONCodec.encode(body)
        } catch {
            // Validation already refuses what JSON cannot hold; this is a safety net.
            throw CognitoValidationError(field: "", message: "cannot encode the request: \(error)",
                                         operation: operation(named: name)?.name ?? name)
        }
    }

    /// Validates `params` by the model, sends the operation through `client` (signed as
    /// cognito-idp, `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`, with the
    /// client's retries) and returns the decoded response. `name` may be the API or snake_case name.
    /// Timestamps in the response stay JSON numbers (epoch seconds), as the service sends them.
    public static func invoke(_ name: String, params: ParamValue, client: AWSJSONClient) async -> Result<AWSResponse, CognitoCallError> {
        let body: [UInt8]
        do {
            body = try requestBody(name, params: params)
        } catch {
            return .failure(.invalid(error))
        }
        // requestBody succeeded, so the name resolved.
        let apiName = operation(named: name)?.name ?? name
        let result = await client.send(operation: apiName, targetPrefix: targetPrefix,
                                       signingName: signingName, body: body)
        return result.mapError { .failed($0) }
    }
}
