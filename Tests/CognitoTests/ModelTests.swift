import XCTest
@testable import Cognito

final class ModelTests: XCTestCase {
    func testHasAll122OperationsWithDistinctNames() {
        let ops = CognitoService.operations
        XCTAssertEqual(ops.count, 122)
        XCTAssertEqual(Set(ops.map(\.name)).count, 122)
        XCTAssertEqual(Set(ops.map(\.snakeName)).count, 122)
    }

    func testSnakeNamesRoundTrip() {
        for op in CognitoService.operations {
            XCTAssertEqual(CognitoService.operation(named: op.snakeName)?.name, op.name)
            XCTAssertEqual(CognitoService.operation(named: op.name)?.snakeName, op.snakeName)
        }
        XCTAssertEqual(CognitoService.operation(named: "AdminUpdateUserAttributes")?.snakeName, "admin_update_user_attributes")
        // boto3's xform_name keeps acronyms together.
        XCTAssertEqual(CognitoService.operation(named: "SetUserPoolMfaConfig")?.snakeName, "set_user_pool_mfa_config")
        XCTAssertEqual(CognitoService.operation(named: "AdminSetUserMFAPreference")?.snakeName, "admin_set_user_mfa_preference")
    }

    func testUnknownOperationSuggestsInTheSameNamingStyle() {
        guard case .failure(let e) = CognitoService.lookup("ListUser") else { return XCTFail("found ListUser") }
        XCTAssertEqual(e.suggestion, "ListUsers")
        XCTAssertEqual(e.message, "unknown Cognito operation ListUser — did you mean ListUsers?")
        guard case .failure(let s) = CognitoService.lookup("admin_update_user_attribute") else { return XCTFail("found") }
        XCTAssertEqual(s.suggestion, "admin_update_user_attributes")
        guard case .failure(let none) = CognitoService.lookup("Frobnicate") else { return XCTFail("found") }
        XCTAssertNil(none.suggestion)
    }

    func testAdminUpdateUserAttributesHasTheThirteenErrorsOfTheDesign() {
        let expected: Set = [
            "ResourceNotFoundException", "InvalidParameterException", "UnexpectedLambdaException",
            "UserLambdaValidationException", "InvalidLambdaResponseException", "AliasExistsException",
            "TooManyRequestsException", "NotAuthorizedException", "UserNotFoundException",
            "InternalErrorException", "InvalidSmsRoleAccessPolicyException",
            "InvalidEmailRoleAccessPolicyException", "InvalidSmsRoleTrustRelationshipException",
        ]
        let errors = (CognitoService.operation(named: "AdminUpdateUserAttributes")?.errors ?? [])
        XCTAssertEqual(errors.count, 13)
        XCTAssertEqual(Set(errors), expected)
        XCTAssertEqual((CognitoService.operation(named: "admin_update_user_attributes")?.errors ?? []), errors)
        XCTAssertEqual((CognitoService.operation(named: "NoSuchOperation")?.errors ?? []), [])
    }

    func testListUsersPaginator() {
        XCTAssertEqual(CognitoService.operation(named: "ListUsers")?.paginator,
                       CognitoPaginator(inputToken: "PaginationToken", outputToken: "PaginationToken",
                                        resultKey: "Users", limitKey: "Limit"))
        XCTAssertEqual(CognitoService.operation(named: "ListGroups")?.paginator?.inputToken, "NextToken")
        XCTAssertEqual(CognitoService.operation(named: "ListUserPools")?.paginator?.limitKey, "MaxResults")
        XCTAssertNil(CognitoService.operation(named: "AdminUpdateUserAttributes")?.paginator)
        XCTAssertEqual(CognitoService.operations.filter { $0.paginator != nil }.count, 9)
    }

    func testReadOnlyClassification() {
        for name in ["GetUser", "ListUsers", "DescribeUserPool", "AdminGetUser", "AdminListGroupsForUser"] {
            XCTAssertTrue(CognitoService.isReadOnly(name), name)
        }
        for name in ["AdminUpdateUserAttributes", "AdminDeleteUser", "SignUp", "GlobalSignOut", "AdminInitiateAuth"] {
            XCTAssertFalse(CognitoService.isReadOnly(name), name)
        }
        XCTAssertTrue(CognitoService.operation(named: "list_users")!.isReadOnly)
    }

    func testShapesCarryConstraintsFromTheModel() {
        let model = ServiceModel.shared
        let name = model[shape: model.shapeID(named: "AttributeNameType")!]
        XCTAssertEqual(name.kind, .string)
        XCTAssertEqual(name.min, 1)
        XCTAssertEqual(name.max, 32)
        XCTAssertEqual(name.pattern.map(GeneratedPatterns.source), #"[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r ]+"#)
        XCTAssertTrue(model[shape: model.shapeID(named: "AttributeValueType")!].sensitive)
        let request = model[shape: model.shapeID(named: "AdminUpdateUserAttributesRequest")!]
        XCTAssertEqual(request.members.map(\.name), ["UserPoolId", "Username", "UserAttributes", "ClientMetadata"])
        XCTAssertEqual(request.members.filter(\.required).map(\.name), ["UserPoolId", "Username", "UserAttributes"])
        XCTAssertEqual(model[shape: model.shapeID(named: "MessageActionType")!].enumValues, ["RESEND", "SUPPRESS"])
        XCTAssertEqual(model[shape: model.shapeID(named: "InternalErrorException")!].isFault, true)
    }

    func testServiceConstants() {
        XCTAssertEqual(CognitoService.targetPrefix, "AWSCognitoIdentityProviderService")
        XCTAssertEqual(CognitoService.signingName, "cognito-idp")
        XCTAssertEqual(CognitoService.apiVersion, "2016-04-18")
        XCTAssertEqual(CognitoService.endpointEnvironmentVariable, "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER")
    }

    func testEveryModelPatternCompiles() {
        for id in 0..<GeneratedPatterns.count {
            if case .unsupported(let reason) = GeneratedPatterns.regex(id) {
                XCTFail("pattern \(GeneratedPatterns.source(id)) does not compile: \(reason); add an equivalent to PatternCompiler")
            }
        }
    }
}

final class SuggestionTests: XCTestCase {
    func testTranspositionsAndCaseCountAsNear() {
        XCTAssertEqual(Suggestion.closest(to: "emial", among: ["email", "name"]), "email")
        XCTAssertEqual(Suggestion.closest(to: "USERNAME", among: ["Username", "UserPoolId"]), "Username")
        XCTAssertNil(Suggestion.closest(to: "Colour", among: ["Username", "UserPoolId"]))
        XCTAssertEqual(Suggestion.distance(Array("kitten".unicodeScalars), Array("sitting".unicodeScalars)), 3)
    }
}
